package com.example.mskqueue.producer.web;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.web.bind.annotation.BindParam;

/**
 * The form fields of {@code POST /msk-producer-send}.
 *
 * @param num how many jobs to send
 * @param topic the topic to send them to
 * @param partitionNum the partition count to create the topic with, if it does not exist
 * yet
 */
record SendJobsRequest(@NotNull(message = "is required") @Min(value = 1, message = "must be at least 1") Integer num,
		@NotBlank(message = "is required") String topic,
		@BindParam("partition_num") @NotNull(message = "is required") @Min(value = 1,
				message = "must be at least 1") Integer partitionNum) {

}
