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

package io.structured.concurrency.web.client;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskCancelledException;

/**
 * Aborts an outbound exchange when a token is cancelled, by interrupting the thread that
 * waits for the exchange: the JDK {@code HttpClient} then cancels the request, and
 * blocking socket I/O on a virtual thread is unblocked. An interrupt is only delivered
 * while the thread is inside a guarded section, and cleared when it leaves.
 */
final class ExchangeGuard implements Consumer<CancellationReason> {

	private final CancellationToken token;

	private final CancellationToken.Registration registration;

	// guarded by this
	private @Nullable Thread waiting;

	// guarded by this
	private boolean interrupted;

	ExchangeGuard(CancellationToken token) {
		this.token = token;
		this.registration = token.onCancel(this);
	}

	@Override
	public synchronized void accept(CancellationReason reason) {
		Thread thread = this.waiting;
		if (thread != null && thread != Thread.currentThread()) {
			this.interrupted = true;
			thread.interrupt();
		}
	}

	/**
	 * Enter a section in which the current thread waits for the exchange.
	 * @throws TaskCancelledException if the token is already cancelled
	 */
	void enter() {
		synchronized (this) {
			this.waiting = Thread.currentThread();
		}
		if (this.token.isCancelled()) {
			leave();
			this.token.throwIfCancelled();
		}
	}

	/**
	 * Leave the section, clearing an interrupt that this guard caused.
	 */
	void leave() {
		synchronized (this) {
			this.waiting = null;
			if (!this.interrupted) {
				return;
			}
			this.interrupted = false;
		}
		Thread.interrupted();
	}

	/**
	 * Return the exception to throw instead of a failure in a guarded section.
	 * @param failure what the exchange threw
	 * @return a {@link TaskCancelledException} if the token was cancelled, else
	 * {@code null}
	 */
	@Nullable TaskCancelledException cancellation(Throwable failure) {
		if (failure instanceof TaskCancelledException cancelled) {
			return cancelled;
		}
		CancellationReason reason = this.token.getReason();
		if (reason == null) {
			return null;
		}
		TaskCancelledException cancelled = TaskCancelledException.of(reason);
		cancelled.initCause(failure);
		return cancelled;
	}

	/**
	 * Stop watching the token, once the exchange is over.
	 */
	void close() {
		this.registration.unregister();
	}

}
