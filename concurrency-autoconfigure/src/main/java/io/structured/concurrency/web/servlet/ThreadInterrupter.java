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

package io.structured.concurrency.web.servlet;

import java.util.function.Consumer;

import io.structured.concurrency.core.CancellationReason;

/**
 * Interrupts one thread when a token is cancelled, but only while that thread is inside a
 * guarded section, and clears the interrupt it caused when the section ends so that it
 * cannot reach the next request served by a pooled thread.
 * <p>
 * The section also ends when the response starts to be written: the container's socket
 * channels are interruptible, and an interrupt that reaches a write closes the connection
 * without an answer (a client that retries idempotent requests then sends the request
 * again).
 */
final class ThreadInterrupter implements Consumer<CancellationReason> {

	private final Thread thread;

	// guarded by this
	private boolean inside = true;

	// guarded by this
	private boolean interrupted;

	/**
	 * Create an interrupter for the current thread, inside its section.
	 */
	ThreadInterrupter() {
		this.thread = Thread.currentThread();
	}

	@Override
	public synchronized void accept(CancellationReason reason) {
		// the cancelling thread itself sees the cancellation where it cancelled
		if (this.inside && Thread.currentThread() != this.thread) {
			this.interrupted = true;
			this.thread.interrupt();
		}
	}

	/**
	 * Leave the section. On the guarded thread, an interrupt this interrupter caused is
	 * cleared; on any other thread, only later interrupts are prevented, and the guarded
	 * thread clears its interrupt when it leaves in turn.
	 */
	void leave() {
		synchronized (this) {
			this.inside = false;
			if (!this.interrupted || Thread.currentThread() != this.thread) {
				return;
			}
		}
		Thread.interrupted();
	}

}
