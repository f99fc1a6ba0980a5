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

package io.structured.concurrency.executor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.TaskRejectedException;

import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.autoconfigure.CpuLimitAutoConfiguration;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.testsupport.Timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Cases LK-04 (a cancelled task gives its slot back) and TP-06 (a full {@code io}
 * executor rejects at once instead of blocking the caller) on the {@code io} executor.
 */
class IoExecutorCapacityTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class));

	@Test
	void cancelRunningTaskReturnsSlot() {
		this.contextRunner.withPropertyValues("concurrency.executors.io.max-concurrency=1").run((context) -> {
			BoundedExecutor io = io(context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME));
			CountDownLatch started = new CountDownLatch(1);
			TaskFuture<Object> holder = io.submit("H", () -> {
				started.countDown();
				Thread.sleep(10_000);
				return null;
			});
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(io.getActiveCount()).isOne();
			assertThat(holder.cancel(true)).isTrue();
			await().atMost(Timing.tolerance(100)).until(() -> io.getActiveCount() == 0);
			probeCapacityIsOne(io);
		});
	}

	@Test
	void cancelQueuedTaskLeavesQueueAndNeverStarts() {
		this.contextRunner.withPropertyValues("concurrency.executors.io.max-concurrency=1").run((context) -> {
			BoundedExecutor io = io(context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME));
			CountDownLatch started = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			AtomicBoolean waiterStarted = new AtomicBoolean();
			TaskFuture<Object> holder = io.submit("H", () -> {
				started.countDown();
				return release.await(10, TimeUnit.SECONDS);
			});
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			TaskFuture<Object> waiter = io.submit("W", () -> waiterStarted.getAndSet(true));
			assertThat(io.getQueueSize()).isOne();
			assertThat(waiter.cancel(true)).isTrue();
			await().atMost(Timing.tolerance(100)).until(() -> io.getQueueSize() == 0);
			release.countDown();
			assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(true);
			await().atMost(Timing.tolerance(100)).until(() -> io.getActiveCount() == 0);
			assertThat(waiterStarted).isFalse();
			probeCapacityIsOne(io);
			assertThat(waiterStarted).isFalse();
		});
	}

	@Test
	void cancelAfterCompletionChangesNothing() {
		this.contextRunner.withPropertyValues("concurrency.executors.io.max-concurrency=1").run((context) -> {
			BoundedExecutor io = io(context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME));
			TaskFuture<Object> done = io.submit("done", () -> "result");
			assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo("result");
			await().atMost(Timing.tolerance(100)).until(() -> io.getActiveCount() == 0);
			assertThat(done.cancel(true)).isFalse();
			assertThat(io.getActiveCount()).isZero();
			probeCapacityIsOne(io);
		});
	}

	@ParameterizedTest(name = "virtual threads: {0}")
	@ValueSource(booleans = { false, true })
	void fullExecutorRejectsWithoutBlocking(boolean virtual) {
		assumeAvailable(virtual);
		this.contextRunner
			.withPropertyValues("concurrency.executors.io.max-concurrency=2",
					"concurrency.executors.io.queue-capacity=0", "concurrency.executors.io.virtual-threads=" + virtual)
			.run((context) -> {
				BoundedExecutor io = io(context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME));
				CountDownLatch started = new CountDownLatch(2);
				CountDownLatch release = new CountDownLatch(1);
				List<TaskFuture<Object>> holders = new ArrayList<>();
				try {
					holders.addAll(submitWaiting(io, 2, started, release));
					assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
					long start = System.nanoTime();
					Throwable thrown = null;
					try {
						io.submit("third", () -> null);
					}
					catch (RuntimeException ex) {
						thrown = ex;
					}
					long elapsed = Timing.millisSince(start);
					assertThat(thrown).isInstanceOf(TaskRejectedException.class);
					// a submitter that blocked would wait for a holder, up to 10 s; the
					// bound is generous because the first rejection in the JVM loads
					// classes and sets up logging (about 130 ms measured on a cold run)
					assertThat(elapsed).isLessThan(1000);
					assertThat(io.getRejectedCount()).isOne();
				}
				finally {
					release.countDown();
				}
				for (TaskFuture<Object> holder : holders) {
					assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(true);
				}
			});
	}

	@ParameterizedTest(name = "virtual threads: {0}")
	@ValueSource(booleans = { false, true })
	void idleWorkersAreKeptOnlyWhenPlatformThreads(boolean virtual) {
		assumeAvailable(virtual);
		this.contextRunner
			.withPropertyValues("concurrency.executors.io.max-concurrency=4", "concurrency.executors.io.keep-alive=60s",
					"concurrency.executors.io.virtual-threads=" + virtual)
			.run((context) -> {
				BoundedExecutor io = io(context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME));
				CountDownLatch started = new CountDownLatch(4);
				CountDownLatch release = new CountDownLatch(1);
				List<TaskFuture<Object>> tasks = submitWaiting(io, 4, started, release);
				assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
				assertThat(io.getPoolSize()).isEqualTo(4);
				release.countDown();
				for (TaskFuture<Object> task : tasks) {
					assertThat(task.get(10, TimeUnit.SECONDS)).isEqualTo(true);
				}
				if (virtual) {
					// a parked virtual thread holds its stack: none waits for work
					await().atMost(Timing.tolerance(1000)).until(() -> io.getPoolSize() == 0);
				}
				else {
					await().during(Duration.ofMillis(300))
						.atMost(Duration.ofSeconds(10))
						.until(() -> io.getPoolSize() == 4);
				}
			});
	}

	private static void assumeAvailable(boolean virtual) {
		if (virtual) {
			assumeThat(Threads.virtualThreadsAvailable()).as("virtual threads need Java 21 or later").isTrue();
		}
	}

	// tasks that each count down 'started' and then wait for 'release'
	private static List<TaskFuture<Object>> submitWaiting(BoundedExecutor io, int count, CountDownLatch started,
			CountDownLatch release) {
		List<TaskFuture<Object>> tasks = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			tasks.add(io.submit("waiting " + i, () -> {
				started.countDown();
				return release.await(10, TimeUnit.SECONDS);
			}));
		}
		return tasks;
	}

	private static BoundedExecutor io(Object bean) {
		return (BoundedExecutor) bean;
	}

	private static void probeCapacityIsOne(BoundedExecutor io) throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(2);
		TaskFuture<Object> first = io.submit("probe 1", () -> {
			started.countDown();
			return release.await(10, TimeUnit.SECONDS);
		});
		TaskFuture<Object> second = io.submit("probe 2", () -> {
			started.countDown();
			return release.await(10, TimeUnit.SECONDS);
		});
		try {
			await().atMost(Timing.tolerance(100)).until(() -> io.getActiveCount() == 1 && io.getQueueSize() == 1);
			assertThat(started.await(Timing.tolerance(10).toMillis(), TimeUnit.MILLISECONDS)).isFalse();
			assertThat(io.getActiveCount()).isOne();
			assertThat(io.getQueueSize()).isOne();
		}
		finally {
			release.countDown();
		}
		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(true);
		assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(true);
	}

}
