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

package io.structured.concurrency.cases;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import io.structured.concurrency.autoconfigure.AsyncAutoConfiguration;
import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.autoconfigure.ContextPropagationAutoConfiguration;
import io.structured.concurrency.autoconfigure.CpuLimitAutoConfiguration;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskListener;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskOutcome;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.testsupport.Timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Case CN-01: {@code cancel(true)} interrupts the task, for forks and for {@code @Async}
 * methods; {@code cancel(false)} cancels the token without interrupting.
 *
 * <p>
 * {@code concurrency.tasks.completed{outcome=CANCELLED}} counts the
 * {@link TaskListener#taskCompleted} events asserted here; the meter itself belongs to
 * the metrics support.
 */
class CancelInterruptsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class,
				ContextPropagationAutoConfiguration.class, AsyncAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class))
		.withUserConfiguration(SleepingConfiguration.class);

	@Test
	void cancelTrueInterruptsForkedTask() {
		this.contextRunner.run((context) -> {
			TaskScopes scopes = context.getBean(TaskScopes.class);
			TaskRegistry registry = context.getBean(TaskRegistry.class);
			BoundedExecutor io = context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			List<TaskOutcome> outcomes = new CopyOnWriteArrayList<>();
			registry.addListener(new TaskListener() {

				@Override
				public void taskCompleted(TaskNode node, TaskOutcome outcome) {
					outcomes.add(outcome);
				}

			});
			CountDownLatch started = new CountDownLatch(1);
			AtomicLong interruptedAt = new AtomicLong();
			try (TaskScope scope = scopes.open("cn-01")) {
				long start = System.nanoTime();
				TaskFuture<Object> sleeper = scope.fork("sleeper", () -> {
					started.countDown();
					try {
						Thread.sleep(10_000);
					}
					catch (InterruptedException ex) {
						interruptedAt.set(System.nanoTime());
					}
					return null;
				});
				assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
				Thread.sleep(Math.max(0, 100 - Timing.millisSince(start)));
				long cancelledAt = System.nanoTime();
				assertThat(sleeper.cancel(true)).isTrue();
				await().atMost(Timing.tolerance(100)).until(() -> interruptedAt.get() != 0);
				assertThat(interruptedAt.get()).isGreaterThan(cancelledAt);
				assertThat(sleeper.isCancelled()).isTrue();
				await().atMost(Timing.tolerance(100))
					.until(() -> io.getActiveCount() == 0 && registry.get(sleeper.getNode().getId()) == null);
				assertThat(outcomes).containsExactly(TaskOutcome.CANCELLED);
			}
		});
	}

	@Test
	void cancelTrueInterruptsAsyncMethod() {
		this.contextRunner.run((context) -> {
			Sleeper sleeper = context.getBean(Sleeper.class);
			Probe probe = context.getBean(Probe.class);
			CompletableFuture<String> future = sleeper.sleep();
			assertThat(future).isInstanceOf(TaskFuture.class);
			assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
			long cancelledAt = System.nanoTime();
			assertThat(future.cancel(true)).isTrue();
			await().atMost(Timing.tolerance(100)).until(() -> probe.interruptedAt.get() != 0);
			assertThat(probe.interruptedAt.get()).isGreaterThan(cancelledAt);
			assertThat(future.isCancelled()).isTrue();
		});
	}

	@Test
	void cancelFalseCancelsTokenWithoutInterrupt() {
		this.contextRunner.run((context) -> {
			BoundedExecutor io = context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			CountDownLatch started = new CountDownLatch(1);
			AtomicBoolean interrupted = new AtomicBoolean();
			AtomicLong exitedAt = new AtomicLong();
			TaskFuture<Object> poller = io.submit("poller", () -> {
				CancellationToken token = TaskContext.currentToken();
				started.countDown();
				try {
					while (!token.isCancelled()) {
						Thread.sleep(10);
					}
				}
				catch (InterruptedException ex) {
					interrupted.set(true);
				}
				interrupted.compareAndSet(false, Thread.currentThread().isInterrupted());
				exitedAt.set(System.nanoTime());
				return null;
			});
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			long cancelledAt = System.nanoTime();
			assertThat(poller.cancel(false)).isTrue();
			await().atMost(Timing.tolerance(50)).until(() -> exitedAt.get() != 0);
			assertThat(exitedAt.get()).isGreaterThan(cancelledAt);
			assertThat(interrupted).isFalse();
			assertThat(poller.getToken().isCancelled()).isTrue();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class SleepingConfiguration {

		@Bean
		Probe probe() {
			return new Probe();
		}

		@Bean
		Sleeper sleeper(Probe probe) {
			return new Sleeper(probe);
		}

	}

	static class Probe {

		final CountDownLatch started = new CountDownLatch(1);

		final AtomicLong interruptedAt = new AtomicLong();

	}

	static class Sleeper {

		private final Probe probe;

		Sleeper(Probe probe) {
			this.probe = probe;
		}

		@Async
		CompletableFuture<String> sleep() {
			this.probe.started.countDown();
			try {
				Thread.sleep(Duration.ofSeconds(10).toMillis());
				return CompletableFuture.completedFuture("slept");
			}
			catch (InterruptedException ex) {
				this.probe.interruptedAt.set(System.nanoTime());
				return CompletableFuture.completedFuture("interrupted");
			}
		}

	}

}
