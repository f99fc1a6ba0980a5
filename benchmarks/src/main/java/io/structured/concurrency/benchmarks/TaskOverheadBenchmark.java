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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import io.structured.concurrency.context.ContextPropagation;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.Threads;

/**
 * Benchmark 1, task overhead: the cost of submitting a task and waiting for it to
 * complete, per task, on the starter's {@code cpu} executor against a raw
 * {@link ThreadPoolExecutor}, Spring's {@link ThreadPoolTaskExecutor} with a
 * {@link ContextPropagatingTaskDecorator} and resilience4j's {@link ThreadPoolBulkhead}.
 *
 * <p>
 * Every executor has {@value #THREADS} threads and a queue of 256. Each operation submits
 * {@value #BATCH} empty tasks and waits for all of them; scores are per task. The
 * {@code frames} parameter runs the submission under that many extra framework frames, as
 * in a servlet request: only the creation-site capture of the starter pays for them. Run
 * with {@code -prof gc} for the bytes allocated per task.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(TaskOverheadBenchmark.BATCH)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TaskOverheadBenchmark {

	static final int BATCH = 32;

	static final int THREADS = 2;

	static final int QUEUE = 256;

	private static final Callable<Integer> TASK = () -> 1;

	/**
	 * The global registry of context-propagation with the starter's accessors (task
	 * context and MDC), as in an application with the starter: Spring's decorator and the
	 * starter's both capture what it holds.
	 */
	static final ContextRegistry CONTEXT = ContextPropagation.registerAccessors(ContextRegistry.getInstance());

	/**
	 * Extra framework frames under the submitting code.
	 */
	@Param({ "0", "100" })
	public int frames;

	private final Future<?>[] futures = new Future<?>[BATCH];

	@Benchmark
	public Object rawThreadPoolExecutor(RawPool pool) throws Exception {
		return run((unused) -> submitBatch(pool.executor::submit));
	}

	@Benchmark
	public Object springContextPropagating(SpringPool pool) throws Exception {
		return run((unused) -> submitBatch(pool.executor::submit));
	}

	@Benchmark
	public Object resilience4jBulkhead(Bulkhead pool) throws Exception {
		return run((unused) -> submitBatch((task) -> pool.bulkhead.submit(task).toCompletableFuture()));
	}

	@Benchmark
	public Object cpuExecutorCreationSiteOn(CreationSiteOn pool) throws Exception {
		return run((unused) -> submitBatch(pool.executor::submit));
	}

	@Benchmark
	public Object cpuExecutorCreationSiteOff(CreationSiteOff pool) throws Exception {
		return run((unused) -> submitBatch(pool.executor::submit));
	}

	@Benchmark
	public Object cpuExecutorNamedCreationSiteOff(CreationSiteOff pool) throws Exception {
		return run((unused) -> submitBatch((task) -> pool.executor.submit("task", task)));
	}

	@Benchmark
	public Object cpuExecutorWithoutDecorator(WithoutDecorator pool) throws Exception {
		return run((unused) -> submitBatch(pool.executor::submit));
	}

	private Object run(Function<Object, Object> submit) throws InterruptedException, ExecutionException {
		Frames.under(this.frames, submit).apply(this);
		int sum = 0;
		for (Future<?> future : this.futures) {
			sum += (Integer) future.get();
		}
		return sum;
	}

	private Object submitBatch(Function<Callable<Integer>, Future<?>> submitter) {
		for (int i = 0; i < BATCH; i++) {
			this.futures[i] = submitter.apply(TASK);
		}
		return this.futures;
	}

	static BoundedExecutor cpuExecutor(TaskRegistry registry, @Nullable TaskDecorator decorator) {
		return new BoundedExecutor("cpu", registry, THREADS, THREADS, QUEUE, Duration.ofSeconds(60), false,
				Threads.platform("cpu"), decorator);
	}

	/**
	 * A raw pool.
	 */
	@State(Scope.Benchmark)
	public static class RawPool {

		ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(QUEUE), Threads.platform("raw"));

		@TearDown(Level.Trial)
		public void close() {
			this.executor.shutdownNow();
		}

	}

	/**
	 * Spring's executor with the decorator that carries every registered thread-local.
	 */
	@State(Scope.Benchmark)
	public static class SpringPool {

		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

		@Setup(Level.Trial)
		public void start() {
			this.executor.setCorePoolSize(THREADS);
			this.executor.setMaxPoolSize(THREADS);
			this.executor.setQueueCapacity(QUEUE);
			this.executor.setDaemon(true);
			// Spring's defaults (no clearing of missing values), over the same registry
			this.executor.setTaskDecorator(new ContextPropagatingTaskDecorator(
					ContextSnapshotFactory.builder().contextRegistry(CONTEXT).build()));
			this.executor.initialize();
		}

		@TearDown(Level.Trial)
		public void close() {
			this.executor.shutdown();
		}

	}

	/**
	 * A resilience4j bulkhead.
	 */
	@State(Scope.Benchmark)
	public static class Bulkhead {

		ThreadPoolBulkhead bulkhead = ThreadPoolBulkhead.of("bench",
				ThreadPoolBulkheadConfig.custom()
					.coreThreadPoolSize(THREADS)
					.maxThreadPoolSize(THREADS)
					.queueCapacity(QUEUE)
					.build());

		@TearDown(Level.Trial)
		public void close() throws Exception {
			this.bulkhead.close();
		}

	}

	/**
	 * The starter's {@code cpu} executor as auto-configured, with the context-propagating
	 * decorator, recording creation sites.
	 */
	@State(Scope.Benchmark)
	public static class CreationSiteOn {

		BoundedExecutor executor = cpuExecutor(new TaskRegistry(10000, 100, Duration.ofSeconds(2), true),
				ContextPropagation.taskDecorator(CONTEXT));

		@TearDown(Level.Trial)
		public void close() {
			this.executor.close();
		}

	}

	/**
	 * The starter's {@code cpu} executor as auto-configured, with the context-propagating
	 * decorator, without creation sites (the default).
	 */
	@State(Scope.Benchmark)
	public static class CreationSiteOff {

		BoundedExecutor executor = cpuExecutor(new TaskRegistry(10000, 100, Duration.ofSeconds(2), false),
				ContextPropagation.taskDecorator(CONTEXT));

		@TearDown(Level.Trial)
		public void close() {
			this.executor.close();
		}

	}

	/**
	 * The starter's {@code cpu} executor without any decorator and without creation
	 * sites: what is left is the tracking, the token and the task's own context.
	 */
	@State(Scope.Benchmark)
	public static class WithoutDecorator {

		BoundedExecutor executor = cpuExecutor(new TaskRegistry(10000, 100, Duration.ofSeconds(2), false), null);

		@TearDown(Level.Trial)
		public void close() {
			this.executor.close();
		}

	}

}
