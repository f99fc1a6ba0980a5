/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.structured.concurrency.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.log.LogMessage;

/**
 * {@link TaskListener} that logs each leaked task once at WARN, naming the task, why it
 * counts as leaked, its owner, where it was created and where to look for more.
 *
 * <p>
 * Logging is rate-limited: at most one line per interval (one second by default). Leaks
 * found in between are counted, and the count is given in the next line logged.
 *
 * <h2>Thread safety</h2> Leaks may be reported from any thread.
 *
 * @since 0.1.0
 */
public class TaskLeakLogger implements TaskListener {

	private static final Log logger = LogFactory.getLog(TaskLeakLogger.class);

	private final long intervalNanos;

	private final String endpoint;

	// earliest nanoTime at which the next line may be logged
	private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());

	// leaks not logged since the last line
	private final AtomicInteger suppressed = new AtomicInteger();

	/**
	 * Create a logger that logs at most one line a second and points to
	 * {@code /actuator/tasks}.
	 */
	public TaskLeakLogger() {
		this(Duration.ofSeconds(1), "/actuator/tasks");
	}

	/**
	 * Create a logger.
	 * @param interval the shortest time between two lines
	 * @param endpoint where to look for the leaks, such as {@code /actuator/tasks}
	 */
	public TaskLeakLogger(Duration interval, String endpoint) {
		if (interval.isNegative()) {
			throw new IllegalArgumentException("'interval' must not be negative");
		}
		this.intervalNanos = interval.toNanos();
		this.endpoint = endpoint;
	}

	@Override
	public void taskLeaked(LeakRecord leak) {
		if (!logger.isWarnEnabled()) {
			return;
		}
		long now = System.nanoTime();
		long next = this.nextLogNanos.get();
		if (now - next < 0 || !this.nextLogNanos.compareAndSet(next, now + this.intervalNanos)) {
			this.suppressed.incrementAndGet();
			return;
		}
		int skipped = this.suppressed.getAndSet(0);
		logger.warn(LogMessage.of(() -> message(leak, skipped)));
	}

	private String message(LeakRecord leak, int skipped) {
		StringBuilder message = new StringBuilder();
		message.append("Task '")
			.append(leak.getName())
			.append("' (id ")
			.append(leak.getId())
			.append(") leaked: ")
			.append(describe(leak.reason()))
			.append(" [")
			.append(leak.reason())
			.append("], owner '")
			.append(owner(leak))
			.append("'");
		List<String> site = leak.getCreationSite();
		if (site != null && !site.isEmpty()) {
			message.append(", created at ").append(site.get(0));
		}
		message.append("; see '").append(this.endpoint).append("'");
		if (skipped > 0) {
			message.append(" (")
				.append(skipped)
				.append((skipped != 1) ? " more leaks" : " more leak")
				.append(" not logged since the last report)");
		}
		return message.toString();
	}

	// a request's name never shows its query string, even if the web layer passed one
	private static String owner(LeakRecord leak) {
		String owner = leak.owner();
		int query = owner.indexOf('?');
		return (query >= 0 && leak.node().getRoot().getKind() == TaskKind.REQUEST) ? owner.substring(0, query) : owner;
	}

	private static String describe(LeakReason reason) {
		return switch (reason) {
			case OUTLIVED_SCOPE -> "still running after its scope ended";
			case IGNORED_CANCELLATION -> "still running after it was cancelled";
		};
	}

}
