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

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.task.TaskRejectedException;

import io.structured.concurrency.executor.BoundedExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Case TP-01 of the acceptance list: no starter pool runs with an unbounded queue that
 * makes its maximum size useless.
 *
 * <p>
 * Case 1 asks for the capacities in {@code /actuator/tasks}, which is built elsewhere;
 * here they are read from the executor beans. Case 3 (an opt-in that accepts the refused
 * combination) is optional and not offered.
 */
class ExecutorQueueCasesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class))
		.withPropertyValues("concurrency.cpu.refresh-interval=0");

	@Test
	void tp01Case1NoStarterPoolIsUnboundedByDefault() {
		this.contextRunner.run((context) -> {
			BoundedExecutor cpu = executor(context, ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME);
			BoundedExecutor io = executor(context, ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME);
			assertThat(cpu.getQueueCapacity()).isEqualTo(256);
			assertThat(cpu.getThreadPoolExecutor().getQueue().remainingCapacity()).isEqualTo(256);
			assertThat(io.getQueueCapacity()).isEqualTo(1024);
			assertThat(io.getThreadPoolExecutor().getQueue().remainingCapacity()).isEqualTo(1024);
		});
	}

	@Test
	void tp01Case2UnboundedQueueWithMaxAboveCoreIsRefused() {
		this.contextRunner
			.withPropertyValues("concurrency.executors.cpu.core-threads=2", "concurrency.executors.cpu.threads=8",
					"concurrency.executors.cpu.queue-capacity=-1")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(BeanCreationException.class);
				FailureAnalysis analysis = InvalidConcurrencyPropertyFailureAnalyzerTests
					.analyze(Objects.requireNonNull(context.getStartupFailure()));
				assertThat(analysis.getDescription()).isEqualTo("""
						The 'cpu' executor has 2 core threads, a maximum of 8 threads and an unbounded queue \
						('concurrency.executors.cpu.queue-capacity' is -1). A pool with an unbounded queue never \
						starts more than its core threads, so 6 of its 8 threads would never run.""");
				assertThat(analysis.getAction()).isEqualTo("""
						Bound the queue, or give the pool as many core threads as threads:
							- set 'concurrency.executors.cpu.queue-capacity' to 0 or a positive capacity
							- set 'concurrency.executors.cpu.core-threads' to 8, or remove it""");
			});
	}

	@Test
	void tp01Case4BoundedQueueWithCoreBelowMaxGrowsToMax() {
		this.contextRunner
			.withPropertyValues("concurrency.executors.cpu.core-threads=2", "concurrency.executors.cpu.threads=8",
					"concurrency.executors.cpu.queue-capacity=16")
			.run((context) -> assertFillsToEightRunningAndSixteenQueued(
					executor(context, ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME), 2));
	}

	@Test
	void tp01Case4CpuExecutorWithPinnedThreadsAndBoundedQueue() {
		this.contextRunner
			.withPropertyValues("concurrency.executors.cpu.threads=8", "concurrency.executors.cpu.queue-capacity=16")
			.run((context) -> assertFillsToEightRunningAndSixteenQueued(
					executor(context, ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME), 8));
	}

	private void assertFillsToEightRunningAndSixteenQueued(BoundedExecutor executor, int coreThreads) {
		assertThat(executor.getCorePoolSize()).isEqualTo(coreThreads);
		assertThat(executor.getMaxPoolSize()).isEqualTo(8);
		CountDownLatch release = new CountDownLatch(1);
		try {
			for (int i = 0; i < 24; i++) {
				executor.execute(() -> block(release));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> executor.getActiveCount() == 8);
			assertThat(executor.getPoolSize()).isEqualTo(8);
			assertThat(executor.getQueueSize()).isEqualTo(16);
			assertThatExceptionOfType(TaskRejectedException.class)
				.isThrownBy(() -> executor.execute(() -> block(release)));
		}
		finally {
			release.countDown();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> executor.getActiveCount() == 0);
		assertThat(executor.getCompletedTaskCount()).isEqualTo(24);
	}

	private static void block(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static BoundedExecutor executor(ApplicationContext context, String name) {
		return context.getBean(name, BoundedExecutor.class);
	}

}
