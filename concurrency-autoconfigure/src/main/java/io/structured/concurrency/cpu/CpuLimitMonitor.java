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

package io.structured.concurrency.cpu;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;

/**
 * Holder of the current {@link CpuLimit} that reads it again at a fixed interval and
 * tells {@link CpuLimitListener listeners} when it changes.
 *
 * <p>
 * The limit is read when the monitor is created. Where the cgroup files cannot be read,
 * the JVM's processor count is used instead and one WARN says what could not be read and
 * which property sets the limit by hand. Where the JVM's processor count differs from a
 * cgroup limit, one WARN suggests {@code -XX:ActiveProcessorCount}. A limit given as a
 * property is used as is: nothing is read and nothing refreshed.
 *
 * <p>
 * Once {@link #start() started}, a daemon thread of its own calls {@link #refresh()} at
 * the refresh interval until {@link #stop() stopped}. When the limit changes, one INFO
 * line gives the old and the new limit and the listeners are called on that thread. A
 * read that fails during a refresh keeps the current limit.
 *
 * <p>
 * This class is thread-safe. {@link #getCpuLimit()} never blocks.
 *
 * @since 0.1.0
 */
public class CpuLimitMonitor implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CpuLimitMonitor.class);

	/**
	 * Name of the property that gives the limit by hand.
	 */
	public static final String LIMIT_PROPERTY = "concurrency.cpu.limit";

	private final CpuLimitDetector detector;

	private final @Nullable Double override;

	private final Duration refreshInterval;

	private final List<CpuLimitListener> listeners = new CopyOnWriteArrayList<>();

	private final Object lifecycleLock = new Object();

	// written by refresh() while holding this monitor's lock; read by any thread
	private volatile CpuLimit cpuLimit;

	// guarded by this
	private boolean unavailableReported;

	// guarded by this
	private boolean mismatchReported;

	// guarded by lifecycleLock
	private @Nullable ScheduledExecutorService refresher;

	/**
	 * Create a monitor and read the limit.
	 * @param detector the detector that reads the limit
	 * @param override a limit given by hand, or {@code null} to detect it
	 * @param refreshInterval the time between two reads; zero turns re-reading off
	 */
	public CpuLimitMonitor(CpuLimitDetector detector, @Nullable Double override, Duration refreshInterval) {
		if (override != null && !(override > 0 && !override.isInfinite())) {
			throw new IllegalArgumentException("'" + LIMIT_PROPERTY + "' must be greater than 0, not " + override);
		}
		if (refreshInterval.isNegative()) {
			throw new IllegalArgumentException("'refreshInterval' must not be negative");
		}
		this.detector = detector;
		this.override = override;
		this.refreshInterval = refreshInterval;
		this.cpuLimit = readInitialLimit(detector, override);
		logger.debug(LogMessage.format("CPU limit %s from %s, JVM reports %d processors", this.cpuLimit.limit(),
				this.cpuLimit.source(), this.cpuLimit.availableProcessors()));
	}

	private CpuLimit readInitialLimit(CpuLimitDetector detector, @Nullable Double override) {
		if (override != null) {
			return new CpuLimit(override, CpuLimit.Source.PROPERTY, detector.availableProcessors());
		}
		synchronized (this) {
			try {
				CpuLimit detected = detector.detect();
				checkProcessorCount(detected);
				return detected;
			}
			catch (CpuLimitUnavailableException ex) {
				int processors = detector.availableProcessors();
				reportUnavailable(ex, "sizing pools from the JVM's processor count " + processors + " instead");
				return new CpuLimit(processors, CpuLimit.Source.JVM, processors);
			}
		}
	}

	/**
	 * Return the current limit.
	 * @return the limit
	 */
	public CpuLimit getCpuLimit() {
		return this.cpuLimit;
	}

	/**
	 * Return the time between two reads of the limit.
	 * @return the refresh interval; zero when re-reading is off
	 */
	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	/**
	 * Add a listener that is called whenever the limit changes.
	 * @param listener the listener
	 */
	public void addListener(CpuLimitListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Remove a listener.
	 * @param listener the listener
	 */
	public void removeListener(CpuLimitListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Read the limit again now, and tell the listeners if it changed. Does nothing when
	 * the limit was given as a property.
	 * @return {@code true} if the limit changed
	 */
	public synchronized boolean refresh() {
		if (this.override != null) {
			return false;
		}
		CpuLimit previous = this.cpuLimit;
		CpuLimit current;
		try {
			current = this.detector.detect();
		}
		catch (CpuLimitUnavailableException ex) {
			if (!Thread.currentThread().isInterrupted()) {
				// an interrupt means stop() closed the file under the read: nothing to
				// report
				reportUnavailable(ex, "keeping the limit " + previous.limit());
			}
			return false;
		}
		checkProcessorCount(current);
		this.cpuLimit = current;
		if (Double.compare(previous.limit(), current.limit()) == 0) {
			return false;
		}
		logger.info(LogMessage.format("CPU limit changed from %s to %s (%s)", previous.limit(), current.limit(),
				current.source()));
		for (CpuLimitListener listener : this.listeners) {
			try {
				listener.cpuLimitChanged(previous, current);
			}
			catch (RuntimeException ex) {
				logger.warn(LogMessage.format("CPU limit listener %s failed", listener), ex);
			}
		}
		return true;
	}

	private void reportUnavailable(CpuLimitUnavailableException ex, String consequence) {
		logger.debug("Could not read the CPU limit", ex);
		if (!this.unavailableReported) {
			this.unavailableReported = true;
			logger.warn(LogMessage.format("Could not read the CPU limit: %s; %s. Set '%s' to give the limit by hand",
					ex.getMessage(), consequence, LIMIT_PROPERTY));
		}
	}

	private void checkProcessorCount(CpuLimit limit) {
		if (limit.source() != CpuLimit.Source.CGROUP_V1 && limit.source() != CpuLimit.Source.CGROUP_V2) {
			return;
		}
		int expected = limit.rounded(CpuRounding.CEIL);
		if (limit.availableProcessors() != expected && !this.mismatchReported) {
			this.mismatchReported = true;
			logger.warn(LogMessage.format(
					"Available processors reported by the JVM (%d) differ from the CPU limit of the cgroup (%s): "
							+ "the JVM sizes its own thread pools and garbage collector from %d. Start it with "
							+ "-XX:ActiveProcessorCount=%d",
					limit.availableProcessors(), limit.limit(), limit.availableProcessors(), expected));
		}
	}

	/**
	 * Start re-reading the limit at the refresh interval on a daemon thread, unless the
	 * interval is zero or the limit was given as a property.
	 */
	@Override
	public void start() {
		synchronized (this.lifecycleLock) {
			if (this.refresher != null || this.override != null || this.refreshInterval.isZero()) {
				return;
			}
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
				Thread thread = new Thread(runnable, "concurrency-cpu-limit-refresh");
				thread.setDaemon(true);
				return thread;
			});
			executor.setRemoveOnCancelPolicy(true);
			long nanos = this.refreshInterval.toNanos();
			executor.scheduleWithFixedDelay(this::refreshQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
			this.refresher = executor;
		}
	}

	private void refreshQuietly() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			logger.warn("Refreshing the CPU limit failed", ex);
		}
	}

	/**
	 * Stop re-reading the limit and end the refresh thread.
	 */
	@Override
	public void stop() {
		synchronized (this.lifecycleLock) {
			if (this.refresher != null) {
				this.refresher.shutdownNow();
				this.refresher = null;
			}
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lifecycleLock) {
			return this.refresher != null;
		}
	}

}
