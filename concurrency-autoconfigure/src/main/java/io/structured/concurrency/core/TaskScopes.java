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
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * Entry point for opening {@link TaskScope task scopes}, {@link RequestScope request
 * scopes} and starting detached work, bound to one {@link TaskRegistry} and a default
 * executor.
 *
 * @since 0.1.0
 */
public class TaskScopes {

	private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofMillis(50);

	private final TaskRegistry registry;

	private final Executor defaultExecutor;

	private final RequestScope.OutlivedTasks outlivedTasks;

	/**
	 * Create a new instance.
	 * @param registry the registry that tracks scopes and tasks
	 * @param defaultExecutor the executor that runs forked tasks unless a scope names
	 * another
	 * @param outlivedTasks what happens to tasks that outlive their request
	 */
	public TaskScopes(TaskRegistry registry, Executor defaultExecutor, RequestScope.OutlivedTasks outlivedTasks) {
		this.registry = registry;
		this.defaultExecutor = defaultExecutor;
		this.outlivedTasks = outlivedTasks;
	}

	/**
	 * Open a scope with the default executor and policy, as a child of the current
	 * request or task.
	 * @param name the scope's name in the task tree
	 * @return the open scope
	 */
	public TaskScope open(String name) {
		return builder(name).open();
	}

	/**
	 * Start building a scope.
	 * @param name the scope's name in the task tree
	 * @return a builder
	 */
	public Builder builder(String name) {
		return new Builder(name);
	}

	/**
	 * Start work that must outlive the current request, such as an audit write, on the
	 * default executor. The task is a root of its own: neither the request's end nor its
	 * deadline cancels it, and it is never reported as having outlived a scope.
	 * @param <T> the type of the result
	 * @param name the task's name
	 * @param task the work
	 * @return the task's future
	 */
	public <T extends @Nullable Object> TaskFuture<T> detach(String name, Callable<T> task) {
		return TaskFuture.detached(this.registry, name, task).submitTo(this.defaultExecutor);
	}

	/**
	 * Open the scope of a request and install it as the current thread's context.
	 * @param name the request's name, such as {@code GET /orders}
	 * @param timeout time until the request's deadline, or {@code null} for none
	 * @param requestId the request id, if known
	 * @param traceId the trace id, if known
	 * @return the open request scope
	 */
	public RequestScope openRequest(String name, @Nullable Duration timeout, @Nullable String requestId,
			@Nullable String traceId) {
		return new RequestScope(this.registry, name, timeout, requestId, traceId, this.outlivedTasks);
	}

	/**
	 * Return the registry.
	 * @return the registry
	 */
	public TaskRegistry getRegistry() {
		return this.registry;
	}

	/**
	 * Builder of a {@link TaskScope}.
	 */
	public final class Builder {

		private final String name;

		private Executor executor = TaskScopes.this.defaultExecutor;

		private @Nullable Duration timeout;

		private TaskScope.Policy policy = TaskScope.Policy.ALL_SUCCESSFUL;

		private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

		private Builder(String name) {
			this.name = name;
		}

		/**
		 * Run forked tasks on the given executor.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder executor(Executor executor) {
			this.executor = executor;
			return this;
		}

		/**
		 * Give the scope a deadline of its own, never later than its parent's.
		 * @param timeout time until the deadline
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Set how the scope's tasks are joined.
		 * @param policy the policy
		 * @return this builder
		 */
		public Builder policy(TaskScope.Policy policy) {
			this.policy = policy;
			return this;
		}

		/**
		 * Set how long {@link TaskScope#close()} waits for cancelled tasks to end.
		 * @param closeTimeout the longest wait
		 * @return this builder
		 */
		public Builder closeTimeout(Duration closeTimeout) {
			this.closeTimeout = closeTimeout;
			return this;
		}

		/**
		 * Open the scope as a child of the current request or task.
		 * @return the open scope
		 */
		public TaskScope open() {
			return new TaskScope(TaskScopes.this.registry, this.executor, this.name, this.timeout, this.policy,
					this.closeTimeout);
		}

	}

}
