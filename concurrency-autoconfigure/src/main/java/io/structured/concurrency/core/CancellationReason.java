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

/**
 * Why a {@link CancellationToken} was cancelled.
 *
 * @since 0.1.0
 */
public enum CancellationReason {

	/**
	 * The deadline passed.
	 */
	DEADLINE,

	/**
	 * The scope that owned the work ended while the work was still running.
	 */
	SCOPE_CLOSED,

	/**
	 * Another task of the same scope failed.
	 */
	SIBLING_FAILED,

	/**
	 * The client that made the request went away.
	 */
	CLIENT_DISCONNECTED,

	/**
	 * The application is shutting down.
	 */
	SHUTDOWN,

	/**
	 * Cancelled on request, through a future or the actuator endpoint.
	 */
	MANUAL,

	/**
	 * An ancestor was cancelled for a reason that concerns that ancestor only.
	 */
	PARENT_CANCELLED;

	/**
	 * Return the reason that descendants of a token cancelled for this reason see.
	 * Reasons that describe the whole environment of the work (deadline, shutdown, closed
	 * scope, gone client) reach every descendant unchanged; the others become
	 * {@link #PARENT_CANCELLED}.
	 * @return the reason for descendants
	 */
	public CancellationReason inherited() {
		return switch (this) {
			case DEADLINE, SCOPE_CLOSED, CLIENT_DISCONNECTED, SHUTDOWN -> this;
			default -> PARENT_CANCELLED;
		};
	}

}
