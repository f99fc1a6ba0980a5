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

import java.util.concurrent.CancellationException;

/**
 * Thrown when work observes that its {@link CancellationToken} was cancelled.
 *
 * @since 0.1.0
 */
public class TaskCancelledException extends CancellationException {

	private final CancellationReason reason;

	/**
	 * Create a new exception for the given reason.
	 * @param reason why the work was cancelled
	 */
	public TaskCancelledException(CancellationReason reason) {
		this(reason, "Cancelled: " + reason);
	}

	protected TaskCancelledException(CancellationReason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * Create the exception that fits the reason: a {@link DeadlineExceededException} for
	 * {@link CancellationReason#DEADLINE}, a plain one otherwise.
	 * @param reason why the work was cancelled
	 * @return the exception
	 */
	public static TaskCancelledException of(CancellationReason reason) {
		return (reason != CancellationReason.DEADLINE) ? new TaskCancelledException(reason)
				: new DeadlineExceededException();
	}

	/**
	 * Return why the work was cancelled.
	 * @return the reason
	 */
	public CancellationReason getReason() {
		return this.reason;
	}

}
