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

import java.util.concurrent.Callable;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.core.exception.AcquirePermissionCancelledException;
import org.jspecify.annotations.Nullable;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskCancelledException;
import io.structured.concurrency.core.TaskContext;

/**
 * Calls through named resilience4j {@link Bulkhead bulkheads} that never wait for a
 * permit longer than the current request or task may run.
 *
 * <pre class="code">
 * Quote quote = bulkheads.call("hotels", () -&gt; hotelClient.quote(city));
 * </pre>
 *
 * <h2>Waiting for a permit</h2> A call waits for a permit at most the bulkhead's
 * {@code maxWaitDuration}. Inside a request, scope or task it also stops waiting as soon
 * as the current {@link CancellationToken} is cancelled, so the wait never outlasts the
 * deadline: while the thread waits, the token's cancellation interrupts it (a request
 * thread is interrupted only during that wait; this library's executors interrupt their
 * tasks on cancellation anyway).
 *
 * <h2>Outcomes</h2>
 * <ul>
 * <li>No permit within {@code maxWaitDuration}: resilience4j's
 * {@link BulkheadFullException}, which the web support answers with 503.</li>
 * <li>The current token cancelled before or while waiting: the token's
 * {@link TaskCancelledException} (a {@code DeadlineExceededException} for a passed
 * deadline). The interrupt that ended the wait is cleared, since the exception reports
 * the cancellation.</li>
 * <li>The thread interrupted while waiting, its token not cancelled: resilience4j's
 * {@link AcquirePermissionCancelledException}, with the interrupt status kept.</li>
 * </ul>
 * Once acquired, the permit is given back on every path out of the call: normal return,
 * exception, interruption and cancellation.
 *
 * <h2>Thread safety</h2> Instances may be shared by any number of threads.
 *
 * @since 0.1.0
 */
public class DeadlineAwareBulkheads {

	private final BulkheadRegistry registry;

	/**
	 * Create a new instance over the given registry.
	 * @param registry the registry that holds the named bulkheads; a name it does not
	 * know gets a bulkhead with the registry's default configuration
	 */
	public DeadlineAwareBulkheads(BulkheadRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Call the given work through the named bulkhead.
	 * @param <T> the type of the result
	 * @param name the bulkhead's name
	 * @param callable the work
	 * @return the work's result
	 * @throws BulkheadFullException if no permit was free in time
	 * @throws TaskCancelledException if the current token was or got cancelled before a
	 * permit was acquired
	 * @throws Exception whatever the work throws
	 */
	public <T extends @Nullable Object> T call(String name, Callable<T> callable) throws Exception {
		return call(bulkhead(name), callable);
	}

	/**
	 * Return a callable that runs the given work through the named bulkhead, each time it
	 * is called, under the token current at that time.
	 * @param <T> the type of the result
	 * @param name the bulkhead's name
	 * @param callable the work
	 * @return the decorated work
	 */
	public <T extends @Nullable Object> Callable<T> decorate(String name, Callable<T> callable) {
		Bulkhead bulkhead = bulkhead(name);
		return () -> call(bulkhead, callable);
	}

	/**
	 * Return the named bulkhead, creating it with the default configuration if the
	 * registry does not hold it yet.
	 * @param name the bulkhead's name
	 * @return the bulkhead
	 */
	public Bulkhead bulkhead(String name) {
		return this.registry.bulkhead(name);
	}

	/**
	 * Call the given work through the given bulkhead, as {@link #call(String, Callable)}
	 * does.
	 * @param <T> the type of the result
	 * @param bulkhead the bulkhead
	 * @param callable the work
	 * @return the work's result
	 * @throws Exception whatever the work throws, or the exceptions of
	 * {@link #call(String, Callable)}
	 */
	public static <T extends @Nullable Object> T call(Bulkhead bulkhead, Callable<T> callable) throws Exception {
		acquirePermission(bulkhead, TaskContext.currentToken());
		try {
			return callable.call();
		}
		finally {
			bulkhead.onComplete();
		}
	}

	private static void acquirePermission(Bulkhead bulkhead, @Nullable CancellationToken token) {
		if (token == null) {
			bulkhead.acquirePermission();
			return;
		}
		token.throwIfCancelled();
		WaitInterrupter interrupter = new WaitInterrupter(Thread.currentThread());
		CancellationToken.Registration registration = token.onCancel(interrupter::cancelled);
		boolean acquired = false;
		RuntimeException failure = null;
		try {
			bulkhead.acquirePermission();
			acquired = true;
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		finally {
			registration.unregister();
		}
		CancellationReason reason = interrupter.disarm();
		if (reason == null && failure instanceof AcquirePermissionCancelledException) {
			// interrupted by whoever else reacts to the cancellation, such as the
			// executor
			reason = token.getReason();
		}
		if (reason != null) {
			// the interrupt came with the cancellation, to end the wait: the exception
			// reports it instead
			Thread.interrupted();
			if (acquired) {
				bulkhead.releasePermission();
			}
			throw TaskCancelledException.of(reason);
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Interrupts the waiting thread when the token is cancelled, until disarmed.
	 */
	private static final class WaitInterrupter {

		private final Thread thread;

		// guarded by this
		private boolean armed = true;

		// guarded by this
		private @Nullable CancellationReason fired;

		WaitInterrupter(Thread thread) {
			this.thread = thread;
		}

		synchronized void cancelled(CancellationReason reason) {
			if (this.armed) {
				this.fired = reason;
				this.thread.interrupt();
			}
		}

		/**
		 * Stop interrupting.
		 * @return the reason of the cancellation that interrupted the thread, or
		 * {@code null} if this interrupter did not interrupt it
		 */
		synchronized @Nullable CancellationReason disarm() {
			this.armed = false;
			return this.fired;
		}

	}

}
