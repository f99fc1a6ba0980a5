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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A cancellation signal with an optional deadline that work can poll, wait on and react
 * to. Tokens form a tree: a child token is cancelled whenever its parent is, with the
 * reason given by {@link CancellationReason#inherited()}, and its deadline is never later
 * than its parent's.
 *
 * <p>
 * A token is cancelled at most once; the first reason wins. When its deadline passes, it
 * is cancelled with {@link CancellationReason#DEADLINE} by a timer thread.
 *
 * <h2>Thread safety</h2> All methods may be called from any thread. Callbacks run on the
 * thread that cancels the token (the caller of {@link #cancel}, or the timer thread for a
 * deadline), or immediately on the registering thread when the token is already
 * cancelled. Callbacks must be short and must not block.
 *
 * <h2>Memory consistency effects</h2> Actions in a thread prior to cancelling a token
 * happen-before actions in a thread that sees {@link #isCancelled()} return {@code true},
 * and before every callback run for that cancellation.
 *
 * @since 0.1.0
 */
public final class CancellationToken {

	private static final long NO_DEADLINE = Long.MAX_VALUE;

	private final @Nullable CancellationToken parent;

	// final unless reset through resetDeadline; written under the lock, read by any
	// thread
	private volatile long deadlineNanos;

	// written with deadlineNanos
	private volatile @Nullable Instant deadline;

	// written once under the lock, read by any thread
	private volatile @Nullable CancellationReason reason;

	// guarded by this; null once cancelled, the shared empty list until the first
	// callback. Tens of thousands of tokens may be live, most with a callback or two and
	// no child, so a small list beats a hashed set; each registration stands for itself.
	private @Nullable List<Consumer<CancellationReason>> callbacks = Collections.emptyList();

	// guarded by this; null once cancelled, the shared empty set until the first child.
	// Kept apart from the callbacks so that a whole subtree is cancelled before any
	// callback of this token runs.
	private @Nullable Set<CancellationToken> children = Collections.emptySet();

	// guarded by this
	private @Nullable ScheduledFuture<?> deadlineTask;

	private final @Nullable Registration parentRegistration;

	private CancellationToken(@Nullable CancellationToken parent, long deadlineNanos, @Nullable Instant deadline) {
		this.parent = parent;
		this.deadlineNanos = deadlineNanos;
		this.deadline = deadline;
		this.parentRegistration = (parent != null) ? parent.addChild(this) : null;
		long parentDeadline = (parent != null) ? parent.deadlineNanos : NO_DEADLINE;
		if (deadlineNanos != NO_DEADLINE && deadlineNanos != parentDeadline && !isCancelled()) {
			scheduleDeadline();
		}
	}

	/**
	 * Create a root token without a deadline.
	 * @return a new token
	 */
	public static CancellationToken create() {
		return new CancellationToken(null, NO_DEADLINE, null);
	}

	/**
	 * Create a root token that is cancelled with {@link CancellationReason#DEADLINE}
	 * after the given timeout.
	 * @param timeout the time until the deadline; zero or negative gives a token that is
	 * already cancelled
	 * @return a new token
	 */
	public static CancellationToken withTimeout(Duration timeout) {
		return create().child(timeout);
	}

	/**
	 * Create a child token with this token's deadline.
	 * @return a new child token
	 */
	public CancellationToken child() {
		return new CancellationToken(this, this.deadlineNanos, this.deadline);
	}

	/**
	 * Create a child token whose deadline is the earlier of this token's deadline and now
	 * plus the given timeout.
	 * @param timeout the time until the child's own deadline, or {@code null} for none
	 * @return a new child token
	 */
	public CancellationToken child(@Nullable Duration timeout) {
		if (timeout == null) {
			return child();
		}
		long now = System.nanoTime();
		long own = saturatedAdd(now, toNanos(timeout));
		if (own >= this.deadlineNanos) {
			return child();
		}
		Instant deadline = Instant.now().plusNanos(own - now);
		return new CancellationToken(this, own, deadline);
	}

	/**
	 * Create a token with no parent, for work that must outlive the current one, that
	 * keeps nothing of this token.
	 * @return a new root token
	 */
	public static CancellationToken detached() {
		return create();
	}

	private static long toNanos(Duration timeout) {
		if (timeout.isNegative()) {
			return 0;
		}
		try {
			return timeout.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	private static long saturatedAdd(long now, long nanos) {
		long sum = now + nanos;
		return (nanos > 0 && sum < now) ? NO_DEADLINE - 1 : sum;
	}

	private void scheduleDeadline() {
		long deadlineNanos = this.deadlineNanos;
		long delay = deadlineNanos - System.nanoTime();
		if (delay <= 0) {
			cancel(CancellationReason.DEADLINE);
			return;
		}
		ScheduledFuture<?> task = DeadlineTimer.schedule(() -> expire(deadlineNanos), delay);
		synchronized (this) {
			if (this.callbacks != null && this.deadlineNanos == deadlineNanos) {
				this.deadlineTask = task;
				return;
			}
		}
		task.cancel(false);
	}

	private void expire(long scheduledDeadlineNanos) {
		// a deadline moved by resetDeadline has a timer of its own
		if (this.deadlineNanos == scheduledDeadlineNanos) {
			cancel(CancellationReason.DEADLINE);
		}
	}

	/**
	 * Move the deadline to now plus the given timeout, never later than the parent's
	 * deadline. Meant for the short time between creating a token and handing it out,
	 * such as a request whose handler, once known, asks for a timeout of its own: tokens
	 * created from this one before the call keep the deadline they had, although they are
	 * still cancelled whenever this one is. Does nothing once the token is cancelled.
	 * @param timeout the time until the new deadline, or {@code null} to keep only the
	 * parent's deadline
	 */
	public void resetDeadline(@Nullable Duration timeout) {
		long now = System.nanoTime();
		long parentDeadline = (this.parent != null) ? this.parent.deadlineNanos : NO_DEADLINE;
		long own = (timeout != null) ? saturatedAdd(now, toNanos(timeout)) : NO_DEADLINE;
		long deadlineNanos = Math.min(own, parentDeadline);
		Instant deadline = (deadlineNanos != NO_DEADLINE) ? Instant.now().plusNanos(deadlineNanos - now) : null;
		ScheduledFuture<?> previousTask;
		synchronized (this) {
			if (this.callbacks == null) {
				return;
			}
			this.deadlineNanos = deadlineNanos;
			this.deadline = deadline;
			previousTask = this.deadlineTask;
			this.deadlineTask = null;
		}
		if (previousTask != null) {
			previousTask.cancel(false);
		}
		if (deadlineNanos != NO_DEADLINE && deadlineNanos != parentDeadline) {
			scheduleDeadline();
		}
	}

	/**
	 * Return whether the token was cancelled.
	 * @return {@code true} once cancelled
	 */
	public boolean isCancelled() {
		return this.reason != null;
	}

	/**
	 * Return why the token was cancelled.
	 * @return the reason, or {@code null} while not cancelled
	 */
	public @Nullable CancellationReason getReason() {
		return this.reason;
	}

	/**
	 * Return the deadline.
	 * @return the deadline, or {@code null} if there is none
	 */
	public @Nullable Instant getDeadline() {
		return this.deadline;
	}

	/**
	 * Return whether the token has a deadline.
	 * @return {@code true} if a deadline applies
	 */
	public boolean hasDeadline() {
		return this.deadlineNanos != NO_DEADLINE;
	}

	/**
	 * Return the time left until the deadline, never negative.
	 * @return the remaining time, or {@code null} if there is no deadline
	 */
	public @Nullable Duration getRemaining() {
		long deadlineNanos = this.deadlineNanos;
		if (deadlineNanos == NO_DEADLINE) {
			return null;
		}
		return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
	}

	/**
	 * Return the remaining nanoseconds, or {@link Long#MAX_VALUE} without a deadline.
	 * @return the remaining nanoseconds, never negative
	 */
	public long remainingNanos() {
		long deadlineNanos = this.deadlineNanos;
		return (deadlineNanos != NO_DEADLINE) ? Math.max(0, deadlineNanos - System.nanoTime()) : Long.MAX_VALUE;
	}

	/**
	 * Throw a {@link TaskCancelledException} (a {@link DeadlineExceededException} for a
	 * passed deadline) if the token was cancelled.
	 * @throws TaskCancelledException if the token was cancelled
	 */
	public void throwIfCancelled() {
		CancellationReason reason = this.reason;
		if (reason != null) {
			throw TaskCancelledException.of(reason);
		}
	}

	/**
	 * Cancel the token and, through it, every descendant.
	 * @param reason why the token is cancelled
	 * @return {@code true} if this call cancelled the token, {@code false} if it was
	 * already cancelled
	 */
	public boolean cancel(CancellationReason reason) {
		List<Consumer<CancellationReason>> toRun;
		List<CancellationToken> descendants;
		ScheduledFuture<?> deadlineTask;
		synchronized (this) {
			if (this.callbacks == null || this.children == null) {
				return false;
			}
			this.reason = reason;
			toRun = new ArrayList<>(this.callbacks);
			descendants = new ArrayList<>(this.children);
			this.callbacks = null;
			this.children = null;
			deadlineTask = this.deadlineTask;
			this.deadlineTask = null;
		}
		if (deadlineTask != null) {
			deadlineTask.cancel(false);
		}
		for (CancellationToken child : descendants) {
			child.cancel(reason.inherited());
		}
		for (Consumer<CancellationReason> callback : toRun) {
			callback.accept(reason);
		}
		notifyWaiters();
		return true;
	}

	private Registration addChild(CancellationToken child) {
		synchronized (this) {
			if (this.children != null) {
				this.children = writable(this.children);
				this.children.add(child);
				return () -> removeChild(child);
			}
		}
		CancellationReason reason = this.reason;
		if (reason != null) {
			child.cancel(reason.inherited());
		}
		return () -> {
		};
	}

	private synchronized void removeChild(CancellationToken child) {
		if (this.children != null) {
			this.children.remove(child);
		}
	}

	/**
	 * Return how many child tokens are linked to this token: children created and not yet
	 * released. Zero once the token is cancelled, which drops every link.
	 * @return the number of linked children
	 */
	synchronized int childCount() {
		return (this.children != null) ? this.children.size() : 0;
	}

	private synchronized void notifyWaiters() {
		notifyAll();
	}

	/**
	 * Register a callback that runs once when the token is cancelled, at once if it is
	 * already cancelled. Callbacks run in the order they were registered; a callback
	 * registered twice runs twice.
	 * @param callback the callback, given the reason
	 * @return a registration that removes the callback
	 */
	public Registration onCancel(Consumer<CancellationReason> callback) {
		synchronized (this) {
			if (this.callbacks != null) {
				if (this.callbacks == Collections.<Consumer<CancellationReason>>emptyList()) {
					this.callbacks = new ArrayList<>(2);
				}
				this.callbacks.add(callback);
				return () -> removeCallback(callback);
			}
		}
		CancellationReason reason = this.reason;
		if (reason != null) {
			callback.accept(reason);
		}
		return () -> {
		};
	}

	// the set itself, or a new one in place of the shared empty set
	private static <T> Set<T> writable(Set<T> set) {
		return (set == Collections.<T>emptySet()) ? new LinkedHashSet<>() : set;
	}

	private synchronized void removeCallback(Consumer<CancellationReason> callback) {
		if (this.callbacks != null) {
			this.callbacks.remove(callback);
		}
	}

	/**
	 * Sleep for the given time, ending early when the token is cancelled.
	 * @param duration how long to sleep
	 * @throws InterruptedException if the thread is interrupted
	 * @throws TaskCancelledException if the token is or becomes cancelled
	 */
	public void sleep(Duration duration) throws InterruptedException {
		awaitCancellation(duration);
		throwIfCancelled();
	}

	/**
	 * Wait until the token is cancelled or the timeout passes.
	 * @param timeout longest time to wait
	 * @return {@code true} if the token was cancelled
	 * @throws InterruptedException if the thread is interrupted
	 */
	public boolean awaitCancellation(Duration timeout) throws InterruptedException {
		long end = saturatedAdd(System.nanoTime(), toNanos(timeout));
		synchronized (this) {
			while (this.reason == null) {
				long left = end - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			return true;
		}
	}

	/**
	 * Release what links this token to its parent and its timer. Called when the work the
	 * token belongs to has ended, so that long-lived parents do not accumulate finished
	 * children.
	 */
	public void release() {
		if (this.parentRegistration != null) {
			this.parentRegistration.unregister();
		}
		ScheduledFuture<?> deadlineTask;
		synchronized (this) {
			deadlineTask = this.deadlineTask;
			this.deadlineTask = null;
		}
		if (deadlineTask != null) {
			deadlineTask.cancel(false);
		}
	}

	/**
	 * Return the parent token.
	 * @return the parent, or {@code null} for a root token
	 */
	public @Nullable CancellationToken getParent() {
		return this.parent;
	}

	@Override
	public String toString() {
		CancellationReason reason = this.reason;
		return "CancellationToken[" + ((reason != null) ? "cancelled: " + reason : "active") + "]";
	}

	/**
	 * A handle that removes a registered callback.
	 */
	@FunctionalInterface
	public interface Registration {

		/**
		 * Remove the callback; does nothing if it already ran.
		 */
		void unregister();

	}

}
