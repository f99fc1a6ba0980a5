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

package io.structured.concurrency.context;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

import io.structured.concurrency.core.TaskContext;

/**
 * A Micrometer context-propagation {@link ThreadLocalAccessor} for the current
 * {@link TaskContext}: the request, scope or task whose token a thread works under.
 *
 * <p>
 * With it registered, anything that propagates context through context-propagation
 * (Spring's {@code ContextPropagatingTaskDecorator}, Reactor, Micrometer's
 * {@code ContextExecutorService}) carries the submitter's task context to the worker, so
 * work handed to a foreign executor still sees the submitter's deadline and cancellation.
 * This library's own executors do not depend on it: they install each task's own context
 * whether context-propagation is present or not.
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>{@link #getValue()} runs on the thread that captures a snapshot and returns its
 * current context, or {@code null} outside any request, scope or task. A {@code null}
 * value is not captured.</li>
 * <li>{@link #setValue(TaskContext)} runs on the worker before the task and installs the
 * captured context. {@link #setValue()} runs instead when the snapshot holds no context
 * and the snapshot factory clears missing values: it removes the worker's context for the
 * time of the task.</li>
 * <li>{@link #restore(TaskContext)} runs on the worker after the task and puts back the
 * context the worker had before it; {@link #restore()} runs when the worker had none and
 * removes the context.</li>
 * </ul>
 * All of them act on the calling thread only and never block.
 *
 * @since 0.1.0
 */
public final class TaskContextThreadLocalAccessor implements ThreadLocalAccessor<TaskContext> {

	/**
	 * The key under which the task context is captured.
	 */
	public static final String KEY = "io.structured.concurrency.task";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable TaskContext getValue() {
		return TaskContext.current();
	}

	@Override
	public void setValue(TaskContext value) {
		TaskContext.set(value);
	}

	@Override
	public void setValue() {
		TaskContext.set(null);
	}

	@Override
	public void restore(TaskContext previousValue) {
		TaskContext.set(previousValue);
	}

	@Override
	public void restore() {
		TaskContext.set(null);
	}

}
