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

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.RequestScope;

/**
 * What the filter keeps about one request across its dispatches, as a request attribute.
 */
final class RequestState {

	private final RequestScope scope;

	private final String requestId;

	private final long startNanos;

	private final boolean timeoutFromHeader;

	// set by the first dispatch that knows the handler
	private volatile boolean handlerTimeoutApplied;

	// the interrupter of the dispatch running the filter chain, until the response is
	// written to
	private volatile @Nullable ThreadInterrupter interrupter;

	RequestState(RequestScope scope, String requestId, long startNanos, boolean timeoutFromHeader) {
		this.scope = scope;
		this.requestId = requestId;
		this.startNanos = startNanos;
		this.timeoutFromHeader = timeoutFromHeader;
	}

	RequestScope getScope() {
		return this.scope;
	}

	CancellationToken getToken() {
		return this.scope.getToken();
	}

	String getRequestId() {
		return this.requestId;
	}

	/**
	 * Set the interrupter of the dispatch that runs the filter chain now.
	 * @param interrupter the interrupter, or {@code null} once the dispatch returned
	 */
	void interruptWith(@Nullable ThreadInterrupter interrupter) {
		this.interrupter = interrupter;
	}

	/**
	 * Stop interrupting the dispatch's thread on cancellation, as the response is being
	 * written.
	 */
	void stopInterrupting() {
		ThreadInterrupter interrupter = this.interrupter;
		if (interrupter != null) {
			this.interrupter = null;
			interrupter.leave();
		}
	}

	/**
	 * Give the request the default timeout of its handler, counted from the request's
	 * start, unless the caller asked for a timeout of its own.
	 * @param timeout the handler's timeout
	 * @return whether the deadline was moved
	 */
	boolean applyHandlerTimeout(Duration timeout) {
		if (this.timeoutFromHeader || this.handlerTimeoutApplied) {
			return false;
		}
		this.handlerTimeoutApplied = true;
		long elapsed = System.nanoTime() - this.startNanos;
		getToken().resetDeadline(timeout.minusNanos(elapsed));
		return true;
	}

}
