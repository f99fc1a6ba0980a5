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

package io.structured.concurrency.bulkhead;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.DeadlineExceededException;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskCancelledException;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.Threads;
import io.structured.concurrency.testsupport.Timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link DeadlineAwareBulkheads}: the wait for a permit ends at the deadline,
 * and a permit comes back on every path.
 */
class DeadlineAwareBulkheadsTests {

	private final TaskRegistry registry = new TaskRegistry();

	private final BoundedExecutor io = new BoundedExecutor("io", this.registry, 4, 4, 16, Duration.ofSeconds(60), true,
			Threads.platform("io"), null);

	private final TaskScopes scopes = new TaskScopes(this.registry, this.io, RequestScope.OutlivedTasks.REPORT);

	private final BulkheadRegistry bulkheadRegistry = BulkheadRegistry.ofDefaults();

	private final DeadlineAwareBulkheads bulkheads = new DeadlineAwareBulkheads(this.bulkheadRegistry);

	@AfterEach
	void close() {
		this.io.close();
	}

	@Test
	void callReturnsResultAndPermit() throws Exception {
		Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
		assertThat(this.bulkheads.call("supplier", () -> available(bulkhead))).isZero();
		assertThat(available(bulkhead)).isOne();
	}

	@Test
	void callThatThrowsReturnsPermit() {
		Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.bulkheads.call("supplier", () -> {
			throw new IOException("supplier down");
		}));
		assertThat(available(bulkhead)).isOne();
	}

	@Test
	void fullBulkheadThrowsBulkheadFullException() throws Exception {
		Bulkhead bulkhead = bulkhead(1, Duration.ofMillis(50));
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		TaskFuture<Object> holder = this.io.submit("holder", () -> this.bulkheads.call("supplier", () -> {
			holding.countDown();
			return release.await(10, TimeUnit.SECONDS);
		}));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(BulkheadFullException.class)
			.isThrownBy(() -> this.bulkheads.call("supplier", () -> "never"));
		release.countDown();
		assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(true);
		assertThat(available(bulkhead)).isOne();
	}

	@Test
	void waitInTaskEndsAtDeadlineBeforeMaxWait() throws Exception {
		Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(10));
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		TaskFuture<Object> holder = this.io.submit("holder", () -> this.bulkheads.call("supplier", () -> {
			holding.countDown();
			return release.await(10, TimeUnit.SECONDS);
		}));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		AtomicLong waited = new AtomicLong();
		try (TaskScope scope = this.scopes.builder("deadline").timeout(Duration.ofMillis(200)).open()) {
			TaskFuture<Object> waiter = scope.fork("waiter", () -> {
				long start = System.nanoTime();
				try {
					return this.bulkheads.call("supplier", () -> "never");
				}
				finally {
					waited.set(Timing.millisSince(start));
				}
			});
			assertThat(waiter.handle((result, ex) -> ex).get(10, TimeUnit.SECONDS))
				.isInstanceOf(DeadlineExceededException.class);
		}
		assertThat(waited.get()).isGreaterThanOrEqualTo(150).isLessThan(200 + Timing.tolerance(100).toMillis());
		assertThat(available(bulkhead)).isZero();
		release.countDown();
		assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(true);
		assertThat(available(bulkhead)).isOne();
	}

	@Test
	void waitOnRequestThreadEndsAtDeadlineAndLeavesNoInterrupt() throws Exception {
		Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(10));
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		TaskFuture<Object> holder = this.io.submit("holder", () -> this.bulkheads.call("supplier", () -> {
			holding.countDown();
			return release.await(10, TimeUnit.SECONDS);
		}));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		try (RequestScope request = this.scopes.openRequest("GET /quote", Duration.ofMillis(200), "req-1", null)) {
			assertThatExceptionOfType(DeadlineExceededException.class)
				.isThrownBy(() -> this.bulkheads.call("supplier", () -> "never"));
			assertThat(Thread.currentThread().isInterrupted()).isFalse();
		}
		assertThat(Timing.millisSince(start)).isGreaterThanOrEqualTo(150)
			.isLessThan(200 + Timing.tolerance(100).toMillis());
		release.countDown();
		assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(true);
		assertThat(available(bulkhead)).isOne();
	}

	@Test
	void cancelledHolderReturnsPermit() throws Exception {
		Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
		CountDownLatch holding = new CountDownLatch(1);
		TaskFuture<Object> holder = this.io.submit("holder", () -> this.bulkheads.call("supplier", () -> {
			holding.countDown();
			Thread.sleep(10_000);
			return null;
		}));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(available(bulkhead)).isZero();
		assertThat(holder.cancel(true)).isTrue();
		await().atMost(Timing.tolerance(100)).until(() -> available(bulkhead) == 1);
		assertThat(this.bulkheads.call("supplier", () -> "again")).isEqualTo("again");
	}

	@Test
	void timedOutHolderReturnsPermit() throws Exception {
		Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
		TaskFuture<Object> holder;
		try (TaskScope scope = this.scopes.builder("deadline").timeout(Duration.ofMillis(100)).open()) {
			holder = scope.fork("holder", () -> this.bulkheads.call("supplier", () -> {
				Thread.sleep(10_000);
				return null;
			}));
			assertThatExceptionOfType(DeadlineExceededException.class).isThrownBy(scope::join);
		}
		assertThat(holder.getToken().getReason()).isEqualTo(CancellationReason.DEADLINE);
		await().atMost(Timing.tolerance(100)).until(() -> available(bulkhead) == 1);
	}

	@Test
	void cancelledWaiterTakesNoPermit() throws Exception {
		Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(10));
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		TaskFuture<Object> holder = this.io.submit("holder", () -> this.bulkheads.call("supplier", () -> {
			holding.countDown();
			return release.await(10, TimeUnit.SECONDS);
		}));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		CountDownLatch waiting = new CountDownLatch(1);
		AtomicLong failedAt = new AtomicLong();
		TaskFuture<Object> waiter = this.io.submit("waiter", () -> {
			waiting.countDown();
			try {
				return this.bulkheads.call("supplier", () -> "never");
			}
			catch (TaskCancelledException ex) {
				failedAt.set(System.nanoTime());
				throw ex;
			}
		});
		assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
		Thread.sleep(50);
		long cancelledAt = System.nanoTime();
		assertThat(waiter.cancel(false)).isTrue();
		await().atMost(Timing.tolerance(100)).until(() -> failedAt.get() != 0);
		assertThat(failedAt.get()).isGreaterThan(cancelledAt);
		assertThat(available(bulkhead)).isZero();
		release.countDown();
		assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(true);
		assertThat(available(bulkhead)).isOne();
	}

	@Test
	void callOutsideAnyTaskUsesPlainBulkhead() throws Exception {
		Bulkhead bulkhead = bulkhead(2, Duration.ZERO);
		assertThat(this.bulkheads.call("supplier", () -> available(bulkhead))).isOne();
		assertThat(available(bulkhead)).isEqualTo(2);
	}

	private Bulkhead bulkhead(int maxConcurrentCalls, Duration maxWait) {
		return this.bulkheadRegistry.bulkhead("supplier",
				BulkheadConfig.custom().maxConcurrentCalls(maxConcurrentCalls).maxWaitDuration(maxWait).build());
	}

	private static int available(Bulkhead bulkhead) {
		return bulkhead.getMetrics().getAvailableConcurrentCalls();
	}

}
