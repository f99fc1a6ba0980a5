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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.log.LogMessage;

import io.structured.concurrency.cpu.CpuLimit;
import io.structured.concurrency.cpu.CpuLimitMonitor;
import io.structured.concurrency.cpu.CpuRounding;
import io.structured.concurrency.executor.BoundedExecutor;

/**
 * Sizing of the {@code cpu} executor from the CPU limit: the rounded limit times the
 * threads per CPU, never below one, unless the size is pinned by
 * {@code concurrency.executors.cpu.threads}.
 */
final class CpuPoolSizing {

	private static final Log logger = LogFactory.getLog(CpuPoolSizing.class);

	private final ConcurrencyProperties.CpuExecutor executor;

	private final CpuRounding rounding;

	CpuPoolSizing(ConcurrencyProperties properties) {
		this.executor = properties.getExecutors().getCpu();
		this.rounding = CpuRounding.valueOf(properties.getCpu().getRounding().name());
	}

	/**
	 * Return whether the pool size is pinned, so that it does not follow the limit.
	 * @return {@code true} if {@code concurrency.executors.cpu.threads} is set
	 */
	boolean isPinned() {
		return this.executor.getThreads() != null;
	}

	int maxThreads(CpuLimit limit) {
		Integer pinned = this.executor.getThreads();
		if (pinned != null) {
			return pinned;
		}
		long threads = (long) limit.rounded(this.rounding) * this.executor.getThreadsPerCpu();
		return (int) Math.min(threads, Integer.MAX_VALUE);
	}

	int coreThreads(int maxThreads) {
		Integer core = this.executor.getCoreThreads();
		if (core == null || this.executor.getQueueCapacity() == -1) {
			return maxThreads;
		}
		return Math.min(core, maxThreads);
	}

	/**
	 * Create the executor, sized from the current limit, and let it follow later changes
	 * of the limit unless its size is pinned.
	 * @param monitor the monitor of the CPU limit
	 * @param factory the factory of the executor
	 * @return the executor
	 */
	BoundedExecutor createExecutor(CpuLimitMonitor monitor, ExecutorFactory factory) {
		CpuLimit limit = monitor.getCpuLimit();
		int max = maxThreads(limit);
		Integer core = this.executor.getCoreThreads();
		if (this.executor.getQueueCapacity() == -1 && core != null && core < max) {
			throw InvalidConcurrencyPropertyException.unboundedQueueWithLargerMax("cpu", "concurrency.executors.cpu",
					core, max);
		}
		BoundedExecutor created = factory.create(coreThreads(max), max, this.executor.getQueueCapacity());
		logger.debug(LogMessage.format("Executor 'cpu' sized %d core and %d max threads from %s (CPU limit %s from %s)",
				created.getCorePoolSize(), created.getMaxPoolSize(), isPinned() ? "the pinned size" : "the CPU limit",
				limit.limit(), limit.source()));
		if (!isPinned()) {
			monitor.addListener((previous, current) -> resize(created, current));
		}
		return created;
	}

	private void resize(BoundedExecutor executor, CpuLimit limit) {
		int oldMax = executor.getMaxPoolSize();
		int max = maxThreads(limit);
		executor.resize(coreThreads(max), max);
		logger.debug(LogMessage.format("Executor 'cpu' resized from %d to %d threads for CPU limit %s", oldMax, max,
				limit.limit()));
	}

	/**
	 * Factory of the executor for given sizes.
	 */
	@FunctionalInterface
	interface ExecutorFactory {

		BoundedExecutor create(int coreThreads, int maxThreads, int queueCapacity);

	}

}
