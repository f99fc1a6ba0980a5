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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.log.LogMessage;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskRejectedException;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskRegistry;

/**
 * An {@link AsyncTaskExecutor} with a bounded pool and a bounded queue that tracks every
 * task in a {@link TaskRegistry} and runs it under a token of its own, a child of the
 * submitter's.
 *
 * <p>
 * A task submitted while every thread is busy and the queue is full is refused at once
 * with a {@link TaskRejectedException}: the submitting thread never blocks. Each refusal
 * is counted and logged at WARN, without a stack trace, at most once a second.
 *
 * <p>
 * Futures returned by this executor are {@link TaskFuture TaskFutures}:
 * {@code cancel(true)} interrupts the running task, and a task cancelled while queued
 * leaves the queue at once.
 *
 * <p>
 * The pool can be resized while running; queued tasks are kept.
 *
 * @since 0.1.0
 */
public class BoundedExecutor implements AsyncTaskExecutor, AutoCloseable {

	private static final Log logger = LogFactory.getLog(BoundedExecutor.class);

	private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final String name;

	private final TaskRegistry registry;

	private final ThreadPoolExecutor pool;

	private final int queueCapacity;

	private final @Nullable TaskDecorator taskDecorator;

	private final LongAdder rejected = new LongAdder();

	private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

	private volatile boolean accepting = true;

	/**
	 * Create a new executor.
	 * @param name the executor's name, used in thread names, metrics and messages
	 * @param registry the registry that tracks tasks
	 * @param corePoolSize the number of threads kept
	 * @param maxPoolSize the maximum number of threads
	 * @param queueCapacity the capacity of the queue: 0 for a direct hand-off, -1 for
	 * unbounded
	 * @param keepAlive how long a thread above the core size, or any thread if
	 * {@code allowCoreThreadTimeOut}, is kept idle; zero ends it as soon as it finds the
	 * queue empty
	 * @param allowCoreThreadTimeOut whether core threads end when idle
	 * @param threadFactory the factory of worker threads
	 * @param taskDecorator decorator applied to every task on the submitting thread, for
	 * example to carry context
	 */
	public BoundedExecutor(String name, TaskRegistry registry, int corePoolSize, int maxPoolSize, int queueCapacity,
			Duration keepAlive, boolean allowCoreThreadTimeOut, ThreadFactory threadFactory,
			@Nullable TaskDecorator taskDecorator) {
		if (corePoolSize < 0 || maxPoolSize < 1 || corePoolSize > maxPoolSize) {
			throw new IllegalArgumentException(
					"Pool sizes of executor '" + name + "' are invalid: core " + corePoolSize + ", max " + maxPoolSize);
		}
		if (queueCapacity < -1) {
			throw new IllegalArgumentException("'queueCapacity' must be -1 (unbounded) or more");
		}
		this.name = name;
		this.registry = registry;
		this.queueCapacity = queueCapacity;
		this.taskDecorator = taskDecorator;
		this.pool = new ThreadPoolExecutor(corePoolSize, maxPoolSize, keepAliveNanos(keepAlive), TimeUnit.NANOSECONDS,
				createQueue(queueCapacity), threadFactory);
		this.pool.allowCoreThreadTimeOut(allowCoreThreadTimeOut);
	}

	// the pool wants a positive time: the shortest one stands for zero
	private static long keepAliveNanos(Duration keepAlive) {
		try {
			return Math.max(1, keepAlive.toNanos());
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	private static BlockingQueue<Runnable> createQueue(int capacity) {
		if (capacity == 0) {
			return new SynchronousQueue<>();
		}
		return (capacity > 0) ? new ArrayBlockingQueue<>(capacity) : new LinkedBlockingQueue<>();
	}

	@Override
	public void execute(Runnable task) {
		if (task instanceof TaskFuture<?> future) {
			enqueue(future);
			return;
		}
		enqueue(TaskFuture.of(this.registry, TaskContext.current(), null, Executors.callable(task, null)));
	}

	/**
	 * Run a named task.
	 * @param name the task's name in the task tree
	 * @param task the work
	 * @return the task's future
	 * @throws TaskRejectedException if the executor is saturated or shut down
	 */
	public TaskFuture<@Nullable Object> execute(String name, Runnable task) {
		return enqueue(TaskFuture.of(this.registry, TaskContext.current(), name, Executors.callable(task, null)));
	}

	/**
	 * Run a named task that returns a result.
	 * @param <T> the type of the result
	 * @param name the task's name in the task tree
	 * @param task the work
	 * @return the task's future
	 * @throws TaskRejectedException if the executor is saturated or shut down
	 */
	public <T extends @Nullable Object> TaskFuture<T> submit(String name, Callable<T> task) {
		return enqueue(TaskFuture.of(this.registry, TaskContext.current(), name, task));
	}

	@Override
	public TaskFuture<@Nullable Object> submit(Runnable task) {
		return enqueue(TaskFuture.of(this.registry, TaskContext.current(), null, Executors.callable(task, null)));
	}

	@Override
	public <T extends @Nullable Object> TaskFuture<T> submit(Callable<T> task) {
		return enqueue(TaskFuture.of(this.registry, TaskContext.current(), null, task));
	}

	@Override
	public <T extends @Nullable Object> TaskFuture<T> submitCompletable(Callable<T> task) {
		return submit(task);
	}

	@Override
	public TaskFuture<Void> submitCompletable(Runnable task) {
		return enqueue(TaskFuture.of(this.registry, TaskContext.current(), null, () -> {
			task.run();
			return nothing();
		}));
	}

	@SuppressWarnings("NullAway") // Void has no value but null; Spring's signature
									// declares it non-null
	private static Void nothing() {
		return null;
	}

	private <T extends @Nullable Object> TaskFuture<T> enqueue(TaskFuture<T> future) {
		if (!this.accepting) {
			throw reject(future, "Executor '" + this.name + "' is shut down and accepts no new tasks", true);
		}
		Runnable runnable = (this.taskDecorator != null) ? new Decorated(future, this.taskDecorator.decorate(future))
				: future;
		future.setDequeue(() -> this.pool.remove(runnable));
		try {
			this.pool.execute(runnable);
		}
		catch (RejectedExecutionException ex) {
			throw reject(future, "Executor '" + this.name + "' is saturated: " + this.pool.getActiveCount()
					+ " tasks running and " + this.pool.getQueue().size() + " queued", false);
		}
		return future;
	}

	private TaskRejectedException reject(TaskFuture<?> future, String message, boolean shutDown) {
		TaskRejectedException ex = new TaskRejectedException(message);
		future.rejected(ex);
		this.rejected.increment();
		if (shutDown) {
			// expected while the application shuts down: nothing for the user to change
			logger.debug(message);
			return ex;
		}
		long now = System.nanoTime();
		long last = this.lastWarnNanos.get();
		if (now - last >= WARN_INTERVAL_NANOS && this.lastWarnNanos.compareAndSet(last, now)) {
			logger.warn(LogMessage.format("%s (%d rejected so far)", message, this.rejected.sum()));
		}
		return ex;
	}

	/**
	 * Change the pool size, in the order that the pool accepts whether it grows or
	 * shrinks. Queued tasks are kept.
	 * @param corePoolSize the new core size
	 * @param maxPoolSize the new maximum size
	 */
	public synchronized void resize(int corePoolSize, int maxPoolSize) {
		if (corePoolSize < 0 || maxPoolSize < 1 || corePoolSize > maxPoolSize) {
			throw new IllegalArgumentException("Pool sizes of executor '" + this.name + "' are invalid: core "
					+ corePoolSize + ", max " + maxPoolSize);
		}
		if (maxPoolSize >= this.pool.getMaximumPoolSize()) {
			this.pool.setMaximumPoolSize(maxPoolSize);
			this.pool.setCorePoolSize(corePoolSize);
		}
		else {
			this.pool.setCorePoolSize(corePoolSize);
			this.pool.setMaximumPoolSize(maxPoolSize);
		}
	}

	/**
	 * Stop accepting tasks; tasks already accepted still run.
	 */
	public void stopAccepting() {
		this.accepting = false;
	}

	/**
	 * Wait until no task is running or queued.
	 * @param timeout the longest wait
	 * @return {@code true} if the executor went idle in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitIdle(Duration timeout) throws InterruptedException {
		long end = System.nanoTime() + timeout.toNanos();
		while (this.pool.getActiveCount() > 0 || !this.pool.getQueue().isEmpty()) {
			if (System.nanoTime() >= end) {
				return false;
			}
			Thread.sleep(5);
		}
		return true;
	}

	/**
	 * Stop accepting tasks and shut the pool down, interrupting tasks still running.
	 * Tasks still queued never run: they are cancelled with
	 * {@link CancellationReason#SHUTDOWN}.
	 */
	@Override
	public void close() {
		this.accepting = false;
		for (Runnable dropped : this.pool.shutdownNow()) {
			if (dropped instanceof TaskFuture<?> future) {
				future.dropped(CancellationReason.SHUTDOWN);
			}
			else if (dropped instanceof Decorated decorated) {
				decorated.future().dropped(CancellationReason.SHUTDOWN);
			}
		}
	}

	public String getName() {
		return this.name;
	}

	public int getCorePoolSize() {
		return this.pool.getCorePoolSize();
	}

	public int getMaxPoolSize() {
		return this.pool.getMaximumPoolSize();
	}

	public int getPoolSize() {
		return this.pool.getPoolSize();
	}

	public int getActiveCount() {
		return this.pool.getActiveCount();
	}

	public int getQueueSize() {
		return this.pool.getQueue().size();
	}

	/**
	 * Return the queue's capacity.
	 * @return the capacity, or -1 if unbounded
	 */
	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public long getCompletedTaskCount() {
		return this.pool.getCompletedTaskCount();
	}

	public long getRejectedCount() {
		return this.rejected.sum();
	}

	/**
	 * Return whether the executor accepts new tasks.
	 * @return {@code false} once shut down
	 */
	public boolean isAccepting() {
		return this.accepting;
	}

	/**
	 * Return the underlying pool, for instrumentation such as Micrometer's executor
	 * metrics. Tasks must not be submitted to it directly.
	 * @return the pool
	 */
	public ThreadPoolExecutor getThreadPoolExecutor() {
		return this.pool;
	}

	@Override
	public String toString() {
		return "BoundedExecutor[" + this.name + "]";
	}

	/**
	 * A task as the decorator returned it, with the future it stands for, so that a task
	 * left in the queue can still be accounted for.
	 */
	private record Decorated(TaskFuture<?> future, Runnable runnable) implements Runnable {

		@Override
		public void run() {
			this.runnable.run();
		}

	}

}
