package com.example.mskqueue.producer.lag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The last hour of lag readings, the newest of each minute: the lag, the oldest waiting
 * job and the group's members over time, for the status page's charts.
 */
final class LagHistory {

	static final int MINUTES = 60;

	private final Map<Long, LagSnapshot> byMinute = new ConcurrentSkipListMap<>();

	void record(LagSnapshot reading) {
		long minute = reading.takenAt().getEpochSecond() / 60;
		this.byMinute.put(minute, reading);
		this.byMinute.keySet().removeIf((kept) -> kept <= minute - MINUTES);
	}

	/** A point a minute for the last hour up to {@code now}, oldest first. */
	List<LagMonitor.LagPoint> lastHour(Instant now) {
		long last = now.getEpochSecond() / 60;
		List<LagMonitor.LagPoint> points = new ArrayList<>();
		for (long minute = last - MINUTES + 1; minute <= last; minute++) {
			LagSnapshot reading = this.byMinute.get(minute);
			points.add((reading != null)
					? new LagMonitor.LagPoint(Instant.ofEpochSecond(minute * 60), reading.sumOffsetLag(),
							reading.oldestWaitingSeconds(), reading.members().size())
					: new LagMonitor.LagPoint(Instant.ofEpochSecond(minute * 60), null, null, null));
		}
		return points;
	}

}
