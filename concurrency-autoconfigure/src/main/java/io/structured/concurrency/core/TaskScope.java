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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * A scope for structured fan-out: the owner opens it, forks tasks into it, joins them and
 * closes it, and no task outlives the scope. Close in spirit to the JDK's
 * {@code StructuredTaskScope}, on Java 17.
 *
 * <pre class="code">
 * try (TaskScope scope = scopes.open("quotes")) {
 *     TaskFuture&lt;Quote&gt; flights = scope.fork("flights", () -&gt; flightClient.quote(city));
 *     TaskFuture&lt;Quote&gt; hotels = scope.fork("hotels", () -&gt; hotelClient.quote(city));
 *     scope.join();
 *     return List.of(flights.join(), hotels.join());
 * }
 * </pre>
 *
 * <p>
 * A scope opened while the current thread runs a request or a task is a child of it:
 * cancelling the parent cancels the scope and every task in it. The scope's deadline is
 * never later than its parent's.
 *
 * <h2>Policies</h2>
 * <ul>
 * <li>{@link Policy#ALL_SUCCESSFUL} (the default): {@link #join()} waits for every task.
 * The first failure cancels the other tasks with
 * {@link CancellationReason#SIBLING_FAILED} and makes {@code join} throw at once. A task
 * cancelled through its own future is no failure: the owner chose to do without it, and
 * that future, not {@code join}, reports the cancellation.</li>
 * <li>{@link Policy#ANY_SUCCESSFUL}: the first success cancels the other tasks with
 * {@link CancellationReason#SCOPE_CLOSED} and makes {@code join} return; {@code join}
 * throws when no task succeeded, because every task failed or was cancelled.</li>
 * </ul>
 *
 * <h2>Thread safety</h2> {@code fork}, {@code join} and {@code close} are meant for the
 * owner thread, the one that opened the scope; they may be called from other threads, but
 * the scope makes no ordering promise between them then. Tasks may be cancelled from any
 * thread.
 *
 * <h2>Memory consistency effects</h2> Actions of a forked task happen-before {@code join}
 * returns, for every task that completed before it returned.
 *
 * @since 0.1.0
 */
public final class TaskScope implements AutoCloseable {

	private final TaskRegistry registry;

	private final Executor executor;

	private final Policy policy;

	private final Duration closeTimeout;

	private final TaskNode node;

	private final TaskContext context;

	// guarded by this
	private final List<TaskFuture<?>> forks = new ArrayList<>();

	// guarded by this
	private int pending;

	// guarded by this
	private int succeeded;

	// guarded by this
	private @Nullable TaskFuture<?> firstFailure;

	// guarded by this
	private @Nullable Throwable failure;

	// guarded by this
	private @Nullable TaskFuture<?> firstSuccess;

	// guarded by this; the first task that ended cancelled, and how
	private @Nullable TaskFuture<?> firstCancelled;

	// guarded by this
	private @Nullable Throwable cancellation;

	// guarded by this
	private boolean closed;

	TaskScope(TaskRegistry registry, Executor executor, String name, @Nullable Duration timeout, Policy policy,
			Duration closeTimeout) {
		this.registry = registry;
		this.executor = executor;
		this.policy = policy;
		this.closeTimeout = closeTimeout;
		TaskContext parent = TaskContext.current();
		CancellationToken token = (parent != null) ? parent.token().child(timeout)
				: ((timeout != null) ? CancellationToken.withTimeout(timeout) : CancellationToken.create());
		this.node = registry.register(TaskKind.SCOPE, name, (parent != null) ? parent.node() : null, token,
				TaskState.RUNNING, null, null);
		this.context = new TaskContext(this.node, token);
		token.onCancel((reason) -> wakeJoiner());
	}

	/**
	 * Open a scope that forks onto the given executor.
	 * @param registry the registry that tracks the scope and its tasks
	 * @param executor the executor that runs forked tasks
	 * @param name the name of the scope in the task tree
	 * @return the open scope
	 */
	public static TaskScope open(TaskRegistry registry, Executor executor, String name) {
		return new TaskScope(registry, executor, name, null, Policy.ALL_SUCCESSFUL, Duration.ofMillis(50));
	}

	/**
	 * Fork a task into this scope.
	 * @param <T> the type of the result
	 * @param name the task's name in the task tree
	 * @param task the work
	 * @return the task's future; {@link TaskFuture#cancel(boolean) cancelling} it cancels
	 * just that task
	 * @throws IllegalStateException if the scope is closed
	 * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the
	 * task (Spring's {@code TaskRejectedException} for this library's executors)
	 */
	public <T extends @Nullable Object> TaskFuture<T> fork(String name, Callable<T> task) {
		TaskFuture<T> future = TaskFuture.of(this.registry, this.context, name, task);
		synchronized (this) {
			if (this.closed) {
				this.registry.finish(future.getNode(), TaskOutcome.CANCELLED);
				throw new IllegalStateException("Scope '" + this.node.getName() + "' is closed");
			}
			this.forks.add(future);
			this.pending++;
		}
		future.whenComplete((result, failure) -> completed(future, failure));
		try {
			future.submitTo(this.executor);
		}
		catch (RuntimeException ex) {
			this.node.getToken().throwIfCancelled();
			throw ex;
		}
		return future;
	}

	private void completed(TaskFuture<?> future, @Nullable Throwable failure) {
		synchronized (this) {
			this.pending--;
			if (failure == null) {
				this.succeeded++;
			}
			if (failure == null && this.firstSuccess == null) {
				this.firstSuccess = future;
				if (this.policy == Policy.ANY_SUCCESSFUL) {
					cancelOthers(future, CancellationReason.SCOPE_CLOSED);
				}
			}
			else if (failure != null && this.firstFailure == null && !isCancellation(future, failure)) {
				this.firstFailure = future;
				this.failure = unwrap(failure);
				if (this.policy == Policy.ALL_SUCCESSFUL) {
					cancelOthers(future, CancellationReason.SIBLING_FAILED);
				}
			}
			else if (failure != null && this.firstCancelled == null && isCancellation(future, failure)) {
				this.firstCancelled = future;
				this.cancellation = unwrap(failure);
			}
			notifyAll();
		}
	}

	// guarded by this; runs before the joiner can see the outcome, so that closing the
	// scope never overtakes the reason given here. Token callbacks never take this lock.
	private void cancelOthers(TaskFuture<?> decided, CancellationReason reason) {
		for (TaskFuture<?> other : this.forks) {
			if (other != decided && !other.isDone()) {
				other.getToken().cancel(reason);
			}
		}
	}

	private boolean isCancellation(TaskFuture<?> future, Throwable failure) {
		return future.getToken().isCancelled() || unwrap(failure) instanceof CancellationException;
	}

	private synchronized void wakeJoiner() {
		notifyAll();
	}

	/**
	 * Wait for the forked tasks as the scope's {@link Policy} says.
	 * @throws InterruptedException if the owner is interrupted while waiting, other than
	 * by the cancellation of the scope (which throws the cancellation instead)
	 * @throws DeadlineExceededException if the scope's deadline passed first
	 * @throws TaskCancelledException if the scope was cancelled for another reason
	 * @throws ScopeFailedException if a task failed (with {@code ALL_SUCCESSFUL}) or no
	 * task succeeded because every task failed or was cancelled (with
	 * {@code ANY_SUCCESSFUL}); a failure is reported in preference to a cancellation
	 */
	public void join() throws InterruptedException {
		CancellationToken token = this.node.getToken();
		synchronized (this) {
			while (!joined() && !token.isCancelled()) {
				awaitChange(token);
			}
			if (!joined() || !succeeded()) {
				token.throwIfCancelled();
			}
			TaskFuture<?> failed = this.firstFailure;
			Throwable cause = this.failure;
			if (failed != null && cause != null
					&& (this.policy == Policy.ALL_SUCCESSFUL || this.firstSuccess == null)) {
				throw new ScopeFailedException(failed.getNode().getName(), cause);
			}
			// every task was cancelled one by one, through its future, so none succeeded
			TaskFuture<?> cancelled = this.firstCancelled;
			Throwable cancellation = this.cancellation;
			if (this.policy == Policy.ANY_SUCCESSFUL && this.firstSuccess == null && cancelled != null
					&& cancellation != null) {
				throw new ScopeFailedException(cancelled.getNode().getName(), cancellation);
			}
		}
	}

	// guarded by this; an interrupt caused by the scope's own cancellation becomes that
	// cancellation
	private void awaitChange(CancellationToken token) throws InterruptedException {
		try {
			long remaining = token.remainingNanos();
			if (remaining == Long.MAX_VALUE) {
				wait();
			}
			else {
				TimeUnit.NANOSECONDS.timedWait(this, Math.max(remaining, 1));
			}
		}
		catch (InterruptedException ex) {
			if (!token.isCancelled()) {
				throw ex;
			}
		}
	}

	// guarded by this
	private boolean joined() {
		return switch (this.policy) {
			case ALL_SUCCESSFUL -> this.pending == 0 || this.firstFailure != null;
			case ANY_SUCCESSFUL -> this.pending == 0 || this.firstSuccess != null;
		};
	}

	// guarded by this; whether the scope reached its goal, as opposed to ending by
	// cancellation
	private boolean succeeded() {
		return switch (this.policy) {
			case ALL_SUCCESSFUL -> this.succeeded == this.forks.size();
			case ANY_SUCCESSFUL -> this.firstSuccess != null;
		};
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure.getCause();
		return (failure instanceof CompletionException && cause != null) ? cause : failure;
	}

	/**
	 * Return the first task that completed successfully.
	 * @return the task, or {@code null} if none has
	 */
	public synchronized @Nullable TaskFuture<?> getFirstSuccess() {
		return this.firstSuccess;
	}

	/**
	 * Return the scope's token; cancelling it cancels every task in the scope.
	 * @return the token
	 */
	public CancellationToken getToken() {
		return this.node.getToken();
	}

	/**
	 * Return the scope's node in the task tree.
	 * @return the node
	 */
	public TaskNode getNode() {
		return this.node;
	}

	/**
	 * Close the scope: cancel every task still running with
	 * {@link CancellationReason#SCOPE_CLOSED}, which interrupts them, and wait a short,
	 * bounded time for them to end. A task that ignores the interrupt is left running and
	 * is reported as leaked once the leak grace period passes.
	 */
	@Override
	public void close() {
		List<TaskFuture<?>> open;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			open = new ArrayList<>(this.forks);
		}
		if (open.stream().anyMatch((future) -> !future.isDone())) {
			// a no-op when the scope was already cancelled, whose reason then stands
			this.node.getToken().cancel(CancellationReason.SCOPE_CLOSED);
		}
		awaitForks(open);
		this.registry.scopeEnded(this.node);
		this.registry.finish(this.node, null);
	}

	private void awaitForks(List<TaskFuture<?>> open) {
		long end = System.nanoTime() + this.closeTimeout.toNanos();
		for (TaskFuture<?> future : open) {
			if (future.getNode().getState() == TaskState.QUEUED) {
				future.cancel(false);
			}
			try {
				future.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (ExecutionException | CancellationException | TimeoutException ex) {
				// the outcome was recorded when the task ended; a straggler is left to
				// leak detection
			}
		}
	}

	/**
	 * How a scope decides that its tasks are joined.
	 */
	public enum Policy {

		/**
		 * Every task must succeed; the first failure cancels the rest.
		 */
		ALL_SUCCESSFUL,

		/**
		 * One success is enough; it cancels the rest.
		 */
		ANY_SUCCESSFUL

	}

}
