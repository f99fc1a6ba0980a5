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

package io.structured.concurrency.core;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * A task that runs under a {@link CancellationToken} of its own, and its result.
 *
 * <p>
 * Unlike a plain {@link CompletableFuture}, {@link #cancel(boolean) cancel(true)}
 * interrupts the thread running the task, and {@code cancel(false)} cancels the task's
 * token without interrupting, so that a task that polls its token still stops. A task
 * cancelled while it waits in a queue is taken out of the queue and never starts.
 *
 * <p>
 * The future is completed on the worker thread while the task's context (its token, and
 * whatever context-propagation carried, such as the MDC) is still installed, so dependent
 * stages that run on completion see the same context as the task.
 *
 * <p>
 * Executors create futures with {@link #of} and run them by calling {@link #run()}, once.
 *
 * @param <T> the type of the result
 * @since 0.1.0
 */
public final class TaskFuture<T extends @Nullable Object> extends CompletableFuture<T> implements Runnable {

	private final TaskRegistry registry;

	private final TaskNode node;

	private final Callable<T> callable;

	private final @Nullable String originRequestId;

	// the worker while the task runs; guarded by this
	private @Nullable Thread runner;

	// set by cancel(false) so the token's cancellation does not interrupt; guarded by
	// this
	private boolean interruptSuppressed;

	// takes the task out of its executor's queue; set by the executor before queueing
	private volatile @Nullable BooleanSupplier dequeue;

	private TaskFuture(TaskRegistry registry, TaskNode node, Callable<T> callable, @Nullable String originRequestId) {
		this.registry = registry;
		this.node = node;
		this.callable = callable;
		this.originRequestId = originRequestId;
		node.getToken().onCancel((reason) -> interruptRunner());
	}

	/**
	 * Create a task as a child of the given context: its node is a child of the context's
	 * node and its token a child of the context's token.
	 * @param <T> the type of the result
	 * @param registry the registry that tracks the task
	 * @param parent the context the task is forked from, or {@code null} for a root task
	 * @param name the task's name, or {@code null} to derive one from where it was
	 * created
	 * @param callable the work
	 * @return the task, queued state, not yet submitted
	 */
	public static <T extends @Nullable Object> TaskFuture<T> of(TaskRegistry registry, @Nullable TaskContext parent,
			@Nullable String name, Callable<T> callable) {
		CancellationToken token = (parent != null) ? parent.token().child() : CancellationToken.create();
		TaskNode parentNode = (parent != null) ? parent.node() : null;
		TaskNode node = registry.register(TaskKind.TASK, name, parentNode, token, TaskState.QUEUED, null, null);
		return new TaskFuture<>(registry, node, callable, null);
	}

	/**
	 * Create a detached task: a root of its own, with a token that nothing but its own
	 * future or a shutdown cancels. It is never reported as having outlived a scope. The
	 * id of the request it was started from, if any, is kept as its origin.
	 * @param <T> the type of the result
	 * @param registry the registry that tracks the task
	 * @param name the task's name
	 * @param callable the work
	 * @return the task, queued state, not yet submitted
	 */
	public static <T extends @Nullable Object> TaskFuture<T> detached(TaskRegistry registry, String name,
			Callable<T> callable) {
		TaskContext origin = TaskContext.current();
		String originRequestId = (origin != null) ? origin.node().getRequestId() : null;
		TaskNode node = registry.register(TaskKind.TASK, name, null, CancellationToken.detached(), TaskState.QUEUED,
				null, null);
		return new TaskFuture<>(registry, node, callable, originRequestId);
	}

	/**
	 * Return the task's node in the task tree.
	 * @return the node
	 */
	public TaskNode getNode() {
		return this.node;
	}

	/**
	 * Return the task's token.
	 * @return the token
	 */
	public CancellationToken getToken() {
		return this.node.getToken();
	}

	/**
	 * Set the action that takes this task out of its executor's queue if it is cancelled
	 * before it starts.
	 * @param dequeue returns {@code true} if the task was removed from the queue
	 */
	public void setDequeue(BooleanSupplier dequeue) {
		this.dequeue = dequeue;
	}

	/**
	 * Record that the executor refused the task.
	 * @param ex the rejection
	 */
	public void rejected(RuntimeException ex) {
		super.completeExceptionally(ex);
		this.registry.finish(this.node, TaskOutcome.REJECTED);
	}

	/**
	 * Record that the executor dropped the task from its queue without running it, as
	 * when it is shut down: the token is cancelled with the given reason, the future is
	 * cancelled and the task ends as {@link TaskOutcome#CANCELLED}. Does nothing for a
	 * task that already ended.
	 * @param reason why the task was dropped
	 */
	public void dropped(CancellationReason reason) {
		this.node.getToken().cancel(reason);
		super.cancel(false);
		this.registry.finish(this.node, TaskOutcome.CANCELLED);
	}

	/**
	 * Submit this task to the given executor, recording a rejection.
	 * @param executor the executor
	 * @return this future
	 */
	public TaskFuture<T> submitTo(Executor executor) {
		try {
			executor.execute(this);
		}
		catch (RuntimeException ex) {
			if (!this.node.isFinished()) {
				rejected(ex);
			}
			throw ex;
		}
		return this;
	}

	@Override
	public void run() {
		if (isDone() || this.node.isFinished()) {
			this.registry.finish(this.node, TaskOutcome.CANCELLED);
			return;
		}
		this.registry.started(this.node);
		synchronized (this) {
			this.runner = Thread.currentThread();
		}
		TaskContext previous = TaskContext.set(new TaskContext(this.node, this.node.getToken()));
		MdcSupport.Restorer mdc = (this.originRequestId != null) ? MdcSupport.detach(this.originRequestId) : null;
		TaskOutcome outcome = TaskOutcome.SUCCESS;
		try {
			this.node.getToken().throwIfCancelled();
			complete(this.callable.call());
		}
		catch (Throwable ex) {
			outcome = (this.node.getToken().isCancelled()) ? TaskOutcome.CANCELLED : TaskOutcome.FAILURE;
			completeExceptionally(ex);
		}
		finally {
			synchronized (this) {
				this.runner = null;
				// an interrupt meant for this task must not reach the next one on a
				// pooled thread
				Thread.interrupted();
			}
			if (isCancelled()) {
				outcome = TaskOutcome.CANCELLED;
			}
			if (mdc != null) {
				mdc.restore();
			}
			TaskContext.set(previous);
			this.registry.finish(this.node, outcome);
		}
	}

	private void interruptRunner() {
		synchronized (this) {
			if (this.runner != null && !this.interruptSuppressed) {
				this.runner.interrupt();
			}
		}
	}

	/**
	 * Cancel the task. With {@code mayInterruptIfRunning} the thread running it is
	 * interrupted; either way its token is cancelled with
	 * {@link CancellationReason#MANUAL}, and a task still in its executor's queue is
	 * taken out and never starts.
	 * @param mayInterruptIfRunning whether to interrupt the running task
	 * @return {@code true} if this call cancelled the future
	 */
	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		// CompletableFuture.cancel also answers true to a caller that lost the race, for
		// a future that is now cancelled; completing with the same exception tells them
		// apart
		if (!super.completeExceptionally(new CancellationException())) {
			return false;
		}
		if (!mayInterruptIfRunning) {
			synchronized (this) {
				this.interruptSuppressed = true;
			}
		}
		this.node.getToken().cancel(CancellationReason.MANUAL);
		BooleanSupplier dequeue = this.dequeue;
		if (this.node.getState() == TaskState.QUEUED && dequeue != null && dequeue.getAsBoolean()) {
			this.registry.finish(this.node, TaskOutcome.CANCELLED);
		}
		return true;
	}

	@Override
	public String toString() {
		return "TaskFuture[" + this.node + "]";
	}

}
