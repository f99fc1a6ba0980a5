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
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.task.TaskRejectedException;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskListener;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskOutcome;
import io.structured.concurrency.core.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link BoundedExecutor}.
 */
@ExtendWith(OutputCaptureExtension.class)
class BoundedExecutorTests {

	private final TaskRegistry registry = new TaskRegistry(1000, 10, Duration.ofSeconds(2), true);

	private final List<TaskOutcome> outcomes = new ArrayList<>();

	private final List<BoundedExecutor> executors = new ArrayList<>();

	BoundedExecutorTests() {
		this.registry.addListener(new TaskListener() {

			@Override
			public void taskCompleted(TaskNode node, TaskOutcome outcome) {
				synchronized (BoundedExecutorTests.this.outcomes) {
					BoundedExecutorTests.this.outcomes.add(outcome);
				}
			}

		});
	}

	@AfterEach
	void closeExecutors() {
		this.executors.forEach(BoundedExecutor::close);
	}

	@Test
	void executorWithBoundedQueueShouldGrowToMaxThenQueueThenReject(CapturedOutput output) throws InterruptedException {
		BoundedExecutor executor = executor(2, 8, 16);
		CountDownLatch release = new CountDownLatch(1);
		for (int i = 0; i < 24; i++) {
			executor.execute(() -> awaitLatch(release));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> executor.getActiveCount() == 8);
		assertThat(executor.getPoolSize()).isEqualTo(8);
		assertThat(executor.getQueueSize()).isEqualTo(16);
		assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> executor.execute(() -> {
		})).withMessageContaining("'test' is saturated");
		assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> executor.execute(() -> {
		}));
		assertThat(executor.getRejectedCount()).isEqualTo(2);
		assertThat(output.getOut().lines().filter((line) -> line.contains("WARN")).count()).isOne();
		assertThat(output.getOut()).doesNotContain("at io.structured");
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.getActiveCount() == 0);
		assertThat(this.outcomes).filteredOn((outcome) -> outcome == TaskOutcome.REJECTED).hasSize(2);
		assertThat(this.outcomes).filteredOn((outcome) -> outcome == TaskOutcome.SUCCESS).hasSize(24);
	}

	@Test
	void cancelWithInterruptShouldInterruptRunningTask() throws InterruptedException {
		BoundedExecutor executor = executor(1, 1, 4);
		CountDownLatch started = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		TaskFuture<String> future = executor.submit("sleeper", () -> {
			started.countDown();
			try {
				Thread.sleep(10_000);
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
				throw ex;
			}
			return "late";
		});
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(future.cancel(true)).isTrue();
		assertThat(future.isCancelled()).isTrue();
		await().atMost(Duration.ofSeconds(2)).until(() -> executor.getActiveCount() == 0);
		assertThat(interrupted).isTrue();
		assertThat(future.getNode().isFinished()).isTrue();
		assertThat(this.registry.get(future.getNode().getId())).isNull();
		assertThat(this.outcomes).containsExactly(TaskOutcome.CANCELLED);
	}

	@Test
	void cancelWithoutInterruptShouldCancelTokenOnly() throws InterruptedException {
		BoundedExecutor executor = executor(1, 1, 4);
		CountDownLatch started = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		AtomicReference<@Nullable CancellationReason> seen = new AtomicReference<>();
		TaskFuture<String> future = executor.submit("poller", () -> {
			started.countDown();
			while (!Objects.requireNonNull(TaskContext.currentToken()).isCancelled()) {
				if (Thread.currentThread().isInterrupted()) {
					interrupted.set(true);
				}
				spin(10);
			}
			seen.set(Objects.requireNonNull(TaskContext.currentToken()).getReason());
			interrupted.compareAndSet(false, Thread.currentThread().isInterrupted());
			return "stopped";
		});
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		future.cancel(false);
		await().atMost(Duration.ofSeconds(2)).until(() -> seen.get() != null);
		assertThat(seen.get()).isEqualTo(CancellationReason.MANUAL);
		assertThat(interrupted).isFalse();
	}

	@Test
	void cancelWhileQueuedShouldRemoveTaskFromQueue() throws InterruptedException {
		BoundedExecutor executor = executor(1, 1, 4);
		CountDownLatch release = new CountDownLatch(1);
		AtomicBoolean queuedRan = new AtomicBoolean();
		executor.execute(() -> awaitLatch(release));
		TaskFuture<?> queued = executor.submit("queued", () -> queuedRan.getAndSet(true));
		assertThat(executor.getQueueSize()).isOne();
		queued.cancel(true);
		assertThat(executor.getQueueSize()).isZero();
		assertThat(queued.getNode().isFinished()).isTrue();
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> executor.getActiveCount() == 0);
		assertThat(queuedRan).isFalse();
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void closeShouldCancelQueuedTasksWithShutdownAndAccountForThem(boolean decorated) throws InterruptedException {
		BoundedExecutor executor = new BoundedExecutor("test", this.registry, 1, 1, 4, Duration.ofSeconds(60), false,
				Threads.platform("test"), decorated ? (runnable) -> runnable::run : null);
		this.executors.add(executor);
		CountDownLatch started = new CountDownLatch(1);
		TaskFuture<String> running = executor.submit("running", () -> {
			started.countDown();
			Thread.sleep(10_000);
			return "late";
		});
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		AtomicBoolean queuedRan = new AtomicBoolean();
		List<TaskFuture<Boolean>> queued = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			queued.add(executor.submit("queued", () -> queuedRan.getAndSet(true)));
		}
		executor.close();
		await().atMost(Duration.ofSeconds(5)).until(running::isDone);
		assertThat(queued).allSatisfy((future) -> {
			assertThat(future.isCancelled()).isTrue();
			assertThat(future.getToken().getReason()).isEqualTo(CancellationReason.SHUTDOWN);
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.getActiveCount() == 0);
		assertThat(this.registry.getTrackedCount()).isZero();
		assertThat(queuedRan).isFalse();
		synchronized (this.outcomes) {
			assertThat(this.outcomes).hasSize(4).filteredOn((outcome) -> outcome == TaskOutcome.CANCELLED).hasSize(3);
		}
	}

	@Test
	void resizeShouldKeepQueuedTasks() throws InterruptedException {
		BoundedExecutor executor = executor(1, 1, 8);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(5);
		for (int i = 0; i < 5; i++) {
			executor.execute(() -> {
				awaitLatch(release);
				done.countDown();
			});
		}
		assertThat(executor.getQueueSize()).isEqualTo(4);
		executor.resize(4, 4);
		assertThat(executor.getMaxPoolSize()).isEqualTo(4);
		executor.resize(2, 2);
		assertThat(executor.getCorePoolSize()).isEqualTo(2);
		assertThat(executor.getMaxPoolSize()).isEqualTo(2);
		release.countDown();
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void workerShouldNotKeepTaskContextAfterTask() throws Exception {
		BoundedExecutor executor = executor(1, 1, 4);
		AtomicReference<TaskNode> during = new AtomicReference<>();
		executor.submit("first", () -> {
			during.set(Objects.requireNonNull(TaskContext.current()).node());
			return null;
		}).get(5, TimeUnit.SECONDS);
		AtomicReference<@Nullable Object> after = new AtomicReference<>("unset");
		executor.getThreadPoolExecutor().submit(() -> after.set(TaskContext.current())).get(5, TimeUnit.SECONDS);
		assertThat(during.get().getName()).isEqualTo("first");
		assertThat(after.get()).isNull();
	}

	@Test
	void executorAfterStopAcceptingShouldReject() {
		BoundedExecutor executor = executor(1, 1, 4);
		executor.stopAccepting();
		assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> executor.execute(() -> {
		})).withMessageContaining("shut down");
	}

	private BoundedExecutor executor(int core, int max, int queue) {
		BoundedExecutor executor = new BoundedExecutor("test", this.registry, core, max, queue, Duration.ofSeconds(60),
				false, Threads.platform("test"), null);
		this.executors.add(executor);
		return executor;
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void spin(long millis) {
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (System.nanoTime() < end) {
			Thread.onSpinWait();
		}
	}

}
