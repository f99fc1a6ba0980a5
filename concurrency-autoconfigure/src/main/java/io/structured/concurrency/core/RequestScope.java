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

import org.jspecify.annotations.Nullable;

/**
 * The scope of one request served by the application: the root of the request's task
 * tree, with the request's deadline. Opened by the web glue, it is installed as the
 * current {@link TaskContext} of the request thread while the request is handled.
 *
 * <p>
 * When a request scope closes, its fire-and-forget tasks that are still running either
 * keep running and are reported as leaked after the grace period, or are cancelled with
 * {@link CancellationReason#SCOPE_CLOSED}, as the {@link OutlivedTasks} policy says.
 * Tasks forked through a {@link TaskScope} have ended by then.
 *
 * @since 0.1.0
 */
public final class RequestScope implements AutoCloseable {

	private final TaskRegistry registry;

	private final TaskNode node;

	private final OutlivedTasks outlivedTasks;

	private final @Nullable TaskContext previous;

	private boolean closed;

	RequestScope(TaskRegistry registry, String name, @Nullable Duration timeout, @Nullable String requestId,
			@Nullable String traceId, OutlivedTasks outlivedTasks) {
		this.registry = registry;
		this.outlivedTasks = outlivedTasks;
		CancellationToken token = (timeout != null) ? CancellationToken.withTimeout(timeout)
				: CancellationToken.create();
		this.node = registry.register(TaskKind.REQUEST, name, null, token, TaskState.RUNNING, requestId, traceId);
		this.previous = TaskContext.set(new TaskContext(this.node, token));
	}

	/**
	 * Return the request's token.
	 * @return the token
	 */
	public CancellationToken getToken() {
		return this.node.getToken();
	}

	/**
	 * Return the request's node.
	 * @return the node
	 */
	public TaskNode getNode() {
		return this.node;
	}

	/**
	 * Rename the request, for example to {@code GET /orders/{id}} once the handler is
	 * known.
	 * @param name the new name
	 */
	public void rename(String name) {
		this.node.rename(name);
	}

	/**
	 * Install the request's context on the current thread again, for a later dispatch of
	 * the same request on another thread.
	 * @return the context to restore with {@link TaskContext#set(TaskContext)}
	 */
	public @Nullable TaskContext attach() {
		return TaskContext.set(new TaskContext(this.node, this.node.getToken()));
	}

	/**
	 * Detach the request from the current thread without ending it, restoring the context
	 * the thread had when the scope was opened.
	 */
	public void detachFromThread() {
		TaskContext.set(this.previous);
	}

	/**
	 * End the request: apply the policy for tasks that outlive it, remove it from the
	 * tree and restore the thread's previous context.
	 */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		if (this.outlivedTasks == OutlivedTasks.CANCEL) {
			this.node.getToken().cancel(CancellationReason.SCOPE_CLOSED);
		}
		this.registry.scopeEnded(this.node);
		this.registry.finish(this.node, null);
		if (TaskContext.current() != null && TaskContext.current().node() == this.node) {
			TaskContext.set(this.previous);
		}
	}

	/**
	 * What happens to fire-and-forget tasks still running when their request ends.
	 */
	public enum OutlivedTasks {

		/**
		 * Let them run; report them as leaked after the grace period.
		 */
		REPORT,

		/**
		 * Cancel them with {@link CancellationReason#SCOPE_CLOSED}.
		 */
		CANCEL

	}

}
