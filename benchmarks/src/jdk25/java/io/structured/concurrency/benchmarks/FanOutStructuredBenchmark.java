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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.Threads;

/**
 * Benchmark 2 on JDK 25: the JDK's {@link StructuredTaskScope} (a preview API in JDK 25,
 * which forks every subtask on a new virtual thread) against a {@link TaskScope} on the
 * starter's {@code io} executor with virtual threads and against
 * {@link CompletableFuture#allOf} on a virtual-thread-per-task executor. The work of each
 * child is that of {@link FanOutBenchmark}.
 *
 * <p>
 * This source is compiled only by a build on JDK 25 or later, with {@code --release 25
 * --enable-preview}; the forked benchmark JVM gets {@code --enable-preview} from
 * {@link Fork#jvmArgsAppend()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
@State(Scope.Benchmark)
public class FanOutStructuredBenchmark {

	private final TaskRegistry registry = new TaskRegistry(10000, 100, Duration.ofSeconds(2), false);

	private final BoundedExecutor io = new BoundedExecutor("io", this.registry, 64, 64, 1024, Duration.ofSeconds(60),
			true, Threads.virtual("io"), null);

	private final ExecutorService virtualThreadPerTask = Executors.newVirtualThreadPerTaskExecutor();

	@SuppressWarnings("unchecked")
	private final Subtask<Long>[] subtasks = new Subtask[FanOutBenchmark.CHILDREN];

	@SuppressWarnings("unchecked")
	private final TaskFuture<Long>[] forks = new TaskFuture[FanOutBenchmark.CHILDREN];

	@SuppressWarnings("unchecked")
	private final CompletableFuture<Long>[] futures = new CompletableFuture[FanOutBenchmark.CHILDREN];

	@Benchmark
	public long structuredTaskScope() throws InterruptedException {
		try (StructuredTaskScope<Long, Void> scope = StructuredTaskScope.open()) {
			for (int i = 0; i < FanOutBenchmark.CHILDREN; i++) {
				this.subtasks[i] = scope.fork(FanOutBenchmark::work);
			}
			scope.join();
			long sum = 0;
			for (StructuredTaskScope.Subtask<Long> subtask : this.subtasks) {
				sum += subtask.get();
			}
			return sum;
		}
	}

	@Benchmark
	public long taskScopeVirtual() throws InterruptedException {
		try (TaskScope scope = TaskScope.open(this.registry, this.io, "fan-out")) {
			for (int i = 0; i < FanOutBenchmark.CHILDREN; i++) {
				this.forks[i] = scope.fork("child", FanOutBenchmark::work);
			}
			scope.join();
			long sum = 0;
			for (TaskFuture<Long> fork : this.forks) {
				sum += fork.join();
			}
			return sum;
		}
	}

	@Benchmark
	public long completableFutureAllOfVirtual() {
		for (int i = 0; i < FanOutBenchmark.CHILDREN; i++) {
			this.futures[i] = CompletableFuture.supplyAsync(FanOutBenchmark::work, this.virtualThreadPerTask);
		}
		CompletableFuture.allOf(this.futures).join();
		long sum = 0;
		for (CompletableFuture<Long> future : this.futures) {
			sum += future.join();
		}
		return sum;
	}

	@TearDown(Level.Trial)
	public void close() {
		this.io.close();
		this.virtualThreadPerTask.shutdownNow();
	}

}
