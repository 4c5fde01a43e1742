package com.example.mskqueue.consumer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

import com.example.mskqueue.consumer.job.JobCompleted;

/**
 * Collects the application's {@link JobCompleted} events.
 */
@TestComponent
public class CompletedJobs {

	private final List<JobCompleted> completed = new CopyOnWriteArrayList<>();

	@EventListener
	void on(JobCompleted job) {
		this.completed.add(job);
	}

	public List<JobCompleted> all() {
		return List.copyOf(this.completed);
	}

	public List<String> keys() {
		return this.completed.stream().map(JobCompleted::key).toList();
	}

	/** The completed job with this key, or {@code null}. */
	public JobCompleted of(String key) {
		return this.completed.stream().filter((job) -> job.key().equals(key)).findFirst().orElse(null);
	}

}
