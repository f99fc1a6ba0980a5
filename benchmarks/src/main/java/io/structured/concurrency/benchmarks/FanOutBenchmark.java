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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
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
import org.openjdk.jmh.infra.Blackhole;

import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.Threads;

/**
 * Benchmark 2, fan-out and join: a {@link TaskScope} forking {@value #CHILDREN} children
 * onto the starter's {@code cpu} executor and joining them, against
 * {@link CompletableFuture#allOf} over the same children on a raw pool of the same size.
 * Each child burns {@value #WORK} JMH CPU tokens, a few microseconds.
 *
 * <p>
 * The JDK's {@code StructuredTaskScope} is measured by {@code FanOutStructuredBenchmark},
 * which exists only in a jar built on JDK 25 (see {@code src/jdk25/java}); the regular
 * expression {@code FanOut} selects both classes, so on JDK 25 all variants run in the
 * same JMH run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FanOutBenchmark {

	static final int CHILDREN = 8;

	static final long WORK = 1000;

	private final TaskRegistry registry = new TaskRegistry(10000, 100, Duration.ofSeconds(2), false);

	private final BoundedExecutor cpu = new BoundedExecutor("cpu", this.registry, TaskOverheadBenchmark.THREADS,
			TaskOverheadBenchmark.THREADS, TaskOverheadBenchmark.QUEUE, Duration.ofSeconds(60), false,
			Threads.platform("cpu"), null);

	private final ThreadPoolExecutor raw = new ThreadPoolExecutor(TaskOverheadBenchmark.THREADS,
			TaskOverheadBenchmark.THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(TaskOverheadBenchmark.QUEUE),
			Threads.platform("raw"));

	@SuppressWarnings("unchecked")
	private final TaskFuture<Long>[] forks = new TaskFuture[CHILDREN];

	@SuppressWarnings("unchecked")
	private final CompletableFuture<Long>[] futures = new CompletableFuture[CHILDREN];

	@Benchmark
	public long taskScope() throws InterruptedException {
		try (TaskScope scope = TaskScope.open(this.registry, this.cpu, "fan-out")) {
			for (int i = 0; i < CHILDREN; i++) {
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
	public long completableFutureAllOf() {
		for (int i = 0; i < CHILDREN; i++) {
			this.futures[i] = CompletableFuture.supplyAsync(FanOutBenchmark::work, this.raw);
		}
		CompletableFuture.allOf(this.futures).join();
		long sum = 0;
		for (CompletableFuture<Long> future : this.futures) {
			sum += future.join();
		}
		return sum;
	}

	static Long work() {
		Blackhole.consumeCPU(WORK);
		return 1L;
	}

	@TearDown(Level.Trial)
	public void close() {
		this.cpu.close();
		this.raw.shutdownNow();
	}

}
