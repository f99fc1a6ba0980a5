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
 * Thrown by {@link TaskScope#join()} when a forked task failed.
 *
 * @since 0.1.0
 */
public class ScopeFailedException extends RuntimeException {

	private final String taskName;

	private final Throwable failure;

	/**
	 * Create a new exception.
	 * @param taskName name of the task that failed first
	 * @param cause what the task threw
	 */
	public ScopeFailedException(String taskName, Throwable cause) {
		super("Task '" + taskName + "' failed: " + cause, cause);
		this.taskName = taskName;
		this.failure = cause;
	}

	/**
	 * Return what the task that failed first threw; never {@code null}.
	 * @return the failure
	 */
	@Override
	public synchronized Throwable getCause() {
		return this.failure;
	}

	/**
	 * Return the name of the task that failed first.
	 * @return the task name
	 */
	public String getTaskName() {
		return this.taskName;
	}

}
