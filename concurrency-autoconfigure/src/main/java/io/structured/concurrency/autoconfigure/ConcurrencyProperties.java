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

package io.structured.concurrency.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for structured concurrency.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("concurrency")
public class ConcurrencyProperties {

	private final Cpu cpu = new Cpu();

	private final Executors executors = new Executors();

	private final Request request = new Request();

	private final Tasks tasks = new Tasks();

	private final Shutdown shutdown = new Shutdown();

	/**
	 * Named bulkheads that limit concurrent calls to one dependency.
	 */
	private final Map<String, Bulkhead> bulkheads = new LinkedHashMap<>();

	public Cpu getCpu() {
		return this.cpu;
	}

	public Executors getExecutors() {
		return this.executors;
	}

	public Request getRequest() {
		return this.request;
	}

	public Tasks getTasks() {
		return this.tasks;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Map<String, Bulkhead> getBulkheads() {
		return this.bulkheads;
	}

	/**
	 * CPU limit detection.
	 */
	public static class Cpu {

		/**
		 * Number of CPUs to size pools for, overriding detection from the cgroup quota.
		 * May be fractional.
		 */
		private @Nullable Double limit;

		/**
		 * How a fractional CPU limit is rounded to a whole pool size.
		 */
		private Rounding rounding = Rounding.CEIL;

		/**
		 * How often the cgroup CPU limit is read again so that pools follow a changed
		 * quota. Zero turns re-reading off.
		 */
		private Duration refreshInterval = Duration.ofSeconds(10);

		/**
		 * Directory that stands for the filesystem root when reading '/proc' and
		 * '/sys/fs/cgroup'.
		 */
		private Path filesystemRoot = Path.of("/");

		public @Nullable Double getLimit() {
			return this.limit;
		}

		public void setLimit(@Nullable Double limit) {
			this.limit = limit;
		}

		public Rounding getRounding() {
			return this.rounding;
		}

		public void setRounding(Rounding rounding) {
			this.rounding = rounding;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public Path getFilesystemRoot() {
			return this.filesystemRoot;
		}

		public void setFilesystemRoot(Path filesystemRoot) {
			this.filesystemRoot = filesystemRoot;
		}

		/**
		 * Rounding of a fractional CPU limit.
		 */
		public enum Rounding {

			/**
			 * Round up, so that a 1.5 CPU quota gives two threads.
			 */
			CEIL,

			/**
			 * Round down, never below one thread.
			 */
			FLOOR

		}

	}

	/**
	 * The bounded executors.
	 */
	public static class Executors {

		private final CpuExecutor cpu = new CpuExecutor();

		private final IoExecutor io = new IoExecutor();

		public CpuExecutor getCpu() {
			return this.cpu;
		}

		public IoExecutor getIo() {
			return this.io;
		}

	}

	/**
	 * Executor for CPU-bound work.
	 */
	public static class CpuExecutor {

		/**
		 * Fixed number of threads. Setting it turns off sizing from the CPU limit and
		 * resizing when the limit changes.
		 */
		private @Nullable Integer threads;

		/**
		 * Number of core threads when it should differ from the maximum pool size.
		 * Defaults to the maximum pool size.
		 */
		private @Nullable Integer coreThreads;

		/**
		 * Threads per CPU of the limit when the pool is sized from the CPU limit.
		 */
		private int threadsPerCpu = 1;

		/**
		 * Number of tasks that may wait for a thread before new tasks are rejected. Zero
		 * hands tasks straight to a thread; -1 means unbounded and requires core threads
		 * to equal the maximum.
		 */
		private int queueCapacity = 256;

		public @Nullable Integer getThreads() {
			return this.threads;
		}

		public void setThreads(@Nullable Integer threads) {
			this.threads = threads;
		}

		public @Nullable Integer getCoreThreads() {
			return this.coreThreads;
		}

		public void setCoreThreads(@Nullable Integer coreThreads) {
			this.coreThreads = coreThreads;
		}

		public int getThreadsPerCpu() {
			return this.threadsPerCpu;
		}

		public void setThreadsPerCpu(int threadsPerCpu) {
			this.threadsPerCpu = threadsPerCpu;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

	}

	/**
	 * Executor for blocking work.
	 */
	public static class IoExecutor {

		/**
		 * Maximum number of tasks running at once.
		 */
		private int maxConcurrency = 64;

		/**
		 * Number of tasks that may wait for a free slot before new tasks are rejected.
		 * Zero rejects as soon as every slot is taken.
		 */
		private int queueCapacity = 1024;

		/**
		 * Whether tasks run on virtual threads when the JVM supports them (Java 21 or
		 * later).
		 */
		private boolean virtualThreads = true;

		/**
		 * Time an idle platform worker thread is kept before it ends. Virtual threads are
		 * never kept idle: each ends when it finds no queued task.
		 */
		private Duration keepAlive = Duration.ofSeconds(60);

		public int getMaxConcurrency() {
			return this.maxConcurrency;
		}

		public void setMaxConcurrency(int maxConcurrency) {
			this.maxConcurrency = maxConcurrency;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public boolean isVirtualThreads() {
			return this.virtualThreads;
		}

		public void setVirtualThreads(boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
		}

		public Duration getKeepAlive() {
			return this.keepAlive;
		}

		public void setKeepAlive(Duration keepAlive) {
			this.keepAlive = keepAlive;
		}

	}

	/**
	 * Request scopes opened by the servlet filter.
	 */
	public static class Request {

		/**
		 * Whether every servlet request runs in a scope of its own with a deadline.
		 */
		private boolean enabled = true;

		/**
		 * Deadline of a request that carries no timeout header.
		 */
		private Duration defaultTimeout = Duration.ofSeconds(30);

		/**
		 * Largest deadline a caller may ask for through the timeout header. Larger values
		 * are clamped to it.
		 */
		private Duration maxTimeout = Duration.ofMinutes(5);

		/**
		 * Header through which a caller sends its timeout, in whole milliseconds.
		 * Outbound calls send the time left in the same header.
		 */
		private String timeoutHeader = "X-Request-Timeout";

		/**
		 * Header whose value becomes the request id in the MDC and the task tree.
		 */
		private String idHeader = "X-Request-Id";

		/**
		 * Value of the 'Retry-After' header of a 503 response to a rejected task, written
		 * in whole seconds.
		 */
		private Duration retryAfter = Duration.ofSeconds(1);

		/**
		 * What happens to fire-and-forget tasks that are still running when their request
		 * ends.
		 */
		private OutlivedTasks outlivedTasks = OutlivedTasks.REPORT;

		/**
		 * Ant-style path patterns, within the application, of requests that run without a
		 * scope. Setting it replaces the default, which excludes the actuator's
		 * endpoints.
		 */
		private List<String> excludedPaths = new ArrayList<>(List.of("/actuator/**"));

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getDefaultTimeout() {
			return this.defaultTimeout;
		}

		public void setDefaultTimeout(Duration defaultTimeout) {
			this.defaultTimeout = defaultTimeout;
		}

		public Duration getMaxTimeout() {
			return this.maxTimeout;
		}

		public void setMaxTimeout(Duration maxTimeout) {
			this.maxTimeout = maxTimeout;
		}

		public String getTimeoutHeader() {
			return this.timeoutHeader;
		}

		public void setTimeoutHeader(String timeoutHeader) {
			this.timeoutHeader = timeoutHeader;
		}

		public String getIdHeader() {
			return this.idHeader;
		}

		public void setIdHeader(String idHeader) {
			this.idHeader = idHeader;
		}

		public Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

		public OutlivedTasks getOutlivedTasks() {
			return this.outlivedTasks;
		}

		public void setOutlivedTasks(OutlivedTasks outlivedTasks) {
			this.outlivedTasks = outlivedTasks;
		}

		public List<String> getExcludedPaths() {
			return this.excludedPaths;
		}

		public void setExcludedPaths(List<String> excludedPaths) {
			this.excludedPaths = excludedPaths;
		}

		/**
		 * Treatment of tasks that outlive their request.
		 */
		public enum OutlivedTasks {

			/**
			 * Let them run, and report them as leaked once they outlive the request by
			 * the leak grace period.
			 */
			REPORT,

			/**
			 * Cancel them when the request ends.
			 */
			CANCEL

		}

	}

	/**
	 * The task registry behind the task tree and leak detection.
	 */
	public static class Tasks {

		/**
		 * Maximum number of live tasks tracked in the tree. Tasks above it still run and
		 * are counted.
		 */
		private int maxTracked = 10000;

		/**
		 * Maximum number of leaked tasks kept for reporting; the oldest are dropped
		 * first.
		 */
		private int maxLeaks = 100;

		/**
		 * Time a task may keep running after its scope ended or after it was cancelled
		 * before it is reported as leaked.
		 */
		private Duration leakGrace = Duration.ofSeconds(2);

		/**
		 * Whether to record a few stack frames of the code that submitted each task, to
		 * show where a leaked task came from. Off by default: capturing them costs
		 * several times the rest of a task's bookkeeping (see BENCHMARKS.md). Unnamed
		 * tasks are named after the submitting method either way.
		 */
		private boolean creationSite;

		/**
		 * Whether the main view of the tasks endpoint names the thread of each running
		 * task. Off by default, so that the main view reveals as little as possible; the
		 * view of one task always shows its threads and their stacks.
		 */
		private boolean showThreadNames;

		public int getMaxTracked() {
			return this.maxTracked;
		}

		public void setMaxTracked(int maxTracked) {
			this.maxTracked = maxTracked;
		}

		public int getMaxLeaks() {
			return this.maxLeaks;
		}

		public void setMaxLeaks(int maxLeaks) {
			this.maxLeaks = maxLeaks;
		}

		public Duration getLeakGrace() {
			return this.leakGrace;
		}

		public void setLeakGrace(Duration leakGrace) {
			this.leakGrace = leakGrace;
		}

		public boolean isCreationSite() {
			return this.creationSite;
		}

		public void setCreationSite(boolean creationSite) {
			this.creationSite = creationSite;
		}

		public boolean isShowThreadNames() {
			return this.showThreadNames;
		}

		public void setShowThreadNames(boolean showThreadNames) {
			this.showThreadNames = showThreadNames;
		}

	}

	/**
	 * Behaviour when the application context closes.
	 */
	public static class Shutdown {

		/**
		 * Time to let open scopes finish on their own, after intake has stopped and
		 * before they are cancelled.
		 */
		private Duration drain = Duration.ZERO;

		/**
		 * Time to wait for cancelled tasks to end, counted from the end of the drain.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		public Duration getDrain() {
			return this.drain;
		}

		public void setDrain(Duration drain) {
			this.drain = drain;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Limits of one named bulkhead.
	 */
	public static class Bulkhead {

		/**
		 * Maximum number of calls to the dependency at once.
		 */
		private int maxConcurrentCalls = 25;

		/**
		 * Longest time a call waits for a permit. Inside a request the wait also ends at
		 * the request's deadline.
		 */
		private Duration maxWait = Duration.ZERO;

		public int getMaxConcurrentCalls() {
			return this.maxConcurrentCalls;
		}

		public void setMaxConcurrentCalls(int maxConcurrentCalls) {
			this.maxConcurrentCalls = maxConcurrentCalls;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

	}

}
