package com.example.mskqueue.producer.lag;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.example.mskqueue.producer.ProducerProperties;

@Configuration(proxyBeanMethods = false)
class LagConfiguration {

	@Bean
	WatchedGroup watchedGroup(ProducerProperties jobs, LagProperties lag) {
		return WatchedGroup.of(jobs, lag);
	}

}
