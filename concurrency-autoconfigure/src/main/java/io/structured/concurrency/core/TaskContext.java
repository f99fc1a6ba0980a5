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

import org.jspecify.annotations.Nullable;

/**
 * The node and token of the work the current thread is doing: a request, a task, or a
 * scope's owner. Executors of this library install a task's context on the worker for the
 * time the task runs and restore the worker's previous context afterwards.
 *
 * <p>
 * Code that hands work to threads of its own can carry the context along with
 * {@link #current()} and {@link #set(TaskContext)}, or through Micrometer's
 * context-propagation, for which this library registers an accessor.
 *
 * @param node the node of the work
 * @param token the token of the work
 * @since 0.1.0
 */
public record TaskContext(TaskNode node, CancellationToken token) {

	private static final ThreadLocal<@Nullable TaskContext> current = new ThreadLocal<>();

	/**
	 * Return the context of the current thread.
	 * @return the context, or {@code null} outside any request, scope or task
	 */
	public static @Nullable TaskContext current() {
		return current.get();
	}

	/**
	 * Return the token of the current thread's work.
	 * @return the token, or {@code null} outside any request, scope or task
	 */
	public static @Nullable CancellationToken currentToken() {
		TaskContext context = current.get();
		return (context != null) ? context.token() : null;
	}

	/**
	 * Throw if the current thread's work was cancelled; does nothing outside any request,
	 * scope or task.
	 * @throws TaskCancelledException if the work was cancelled
	 */
	public static void throwIfCancelled() {
		CancellationToken token = currentToken();
		if (token != null) {
			token.throwIfCancelled();
		}
	}

	/**
	 * Install a context on the current thread.
	 * @param context the context to install, or {@code null} to clear it
	 * @return the context that was installed before, to be restored with this method
	 */
	public static @Nullable TaskContext set(@Nullable TaskContext context) {
		TaskContext previous = current.get();
		if (context != null) {
			current.set(context);
		}
		else {
			current.remove();
		}
		return previous;
	}

}
