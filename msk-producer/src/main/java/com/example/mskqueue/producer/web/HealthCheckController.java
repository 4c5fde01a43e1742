package com.example.mskqueue.producer.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ALB target group's health check. It says whether this process serves HTTP, not
 * whether Kafka is reachable: a broker outage must not make ECS replace healthy producer
 * tasks.
 */
@RestController
class HealthCheckController {

	@GetMapping("/msk-producer-healthCheck")
	String healthCheck() {
		return "Healthy";
	}

}
