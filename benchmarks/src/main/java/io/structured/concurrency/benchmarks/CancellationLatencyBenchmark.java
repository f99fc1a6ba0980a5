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

package io.structured.concurrency.benchmarks;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.Threads;

/**
 * Benchmark 3, cancellation latency: the time from cancelling a scope with
 * {@value #CHILDREN} children, all blocked, until every child has observed the
 * cancellation, against a raw loop of {@link Thread#interrupt()} over the same pool
 * threads blocked the same way.
 *
 * <p>
 * Before each measured operation (not timed) the children are started and the setup waits
 * until every one of them is parked. A child observes the cancellation when its blocking
 * wait throws {@link InterruptedException}; the operation ends when the last child has
 * counted down.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CancellationLatencyBenchmark {

	static final int CHILDREN = 100;

	private final TaskRegistry registry = new TaskRegistry(10000, 100, Duration.ofSeconds(2), false);

	private final BoundedExecutor executor = new BoundedExecutor("io", this.registry, CHILDREN, CHILDREN, CHILDREN,
			Duration.ofSeconds(60), false, Threads.platform("io"), null);

	@Benchmark
	public long cancelScope(ScopeChildren children) throws InterruptedException {
		children.scope().getToken().cancel(CancellationReason.MANUAL);
		children.observed.await();
		return children.observed.getCount();
	}

	@Benchmark
	public long interruptLoop(RawChildren children) throws InterruptedException {
		for (Thread thread : children.threads) {
			thread.interrupt();
		}
		children.observed.await();
		return children.observed.getCount();
	}

	@TearDown(Level.Trial)
	public void close() {
		this.executor.close();
	}

	/**
	 * The children of one operation, blocked and waiting to be cancelled.
	 */
	@State(Scope.Thread)
	public static class Children {

		final Thread[] threads = new Thread[CHILDREN];

		CountDownLatch started = new CountDownLatch(CHILDREN);

		CountDownLatch observed = new CountDownLatch(CHILDREN);

		void reset() {
			this.started = new CountDownLatch(CHILDREN);
			this.observed = new CountDownLatch(CHILDREN);
		}

		void block(int index) {
			this.threads[index] = Thread.currentThread();
			this.started.countDown();
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				this.observed.countDown();
			}
		}

		void awaitParked() throws InterruptedException {
			if (!this.started.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Children did not start");
			}
			for (Thread thread : this.threads) {
				while (thread.getState() != Thread.State.WAITING) {
					Thread.onSpinWait();
				}
			}
		}

	}

	/**
	 * Children forked into a scope of the starter.
	 */
	@State(Scope.Thread)
	public static class ScopeChildren extends Children {

		private @Nullable TaskScope scope;

		TaskScope scope() {
			return Objects.requireNonNull(this.scope);
		}

		@Setup(Level.Invocation)
		public void start(CancellationLatencyBenchmark benchmark) throws InterruptedException {
			reset();
			this.scope = TaskScope.open(benchmark.registry, benchmark.executor, "cancel-me");
			for (int i = 0; i < CHILDREN; i++) {
				int index = i;
				scope().fork("child", () -> {
					block(index);
					return null;
				});
			}
			awaitParked();
		}

		@TearDown(Level.Invocation)
		public void close() {
			scope().close();
		}

	}

	/**
	 * Children submitted as plain runnables to the same pool threads.
	 */
	@State(Scope.Thread)
	public static class RawChildren extends Children {

		@Setup(Level.Invocation)
		public void start(CancellationLatencyBenchmark benchmark) throws InterruptedException {
			reset();
			ThreadPoolExecutor pool = benchmark.executor.getThreadPoolExecutor();
			for (int i = 0; i < CHILDREN; i++) {
				int index = i;
				pool.execute(() -> block(index));
			}
			awaitParked();
		}

	}

}
