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

package io.structured.concurrency.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;

/**
 * Composes the task decorator of one executor.
 */
final class ExecutorTaskDecorators {

	private ExecutorTaskDecorators() {
	}

	/**
	 * Compose the decorators for the named executor: every {@link TaskDecorator} bean in
	 * order, then what the {@link ExecutorTaskDecoratorProvider providers} contribute for
	 * that executor. {@link CompositeTaskDecorator} applies them in list order, so the
	 * last one is the outermost.
	 * @param executorName the executor's name
	 * @param taskDecorators the task decorator beans
	 * @param providers the per-executor providers
	 * @return the decorator, or {@code null} if there is none
	 */
	static @Nullable TaskDecorator forExecutor(String executorName, ObjectProvider<TaskDecorator> taskDecorators,
			ObjectProvider<ExecutorTaskDecoratorProvider> providers) {
		List<TaskDecorator> decorators = new ArrayList<>(taskDecorators.orderedStream().toList());
		providers.orderedStream().forEach((provider) -> {
			TaskDecorator decorator = provider.getTaskDecorator(executorName);
			if (decorator != null) {
				decorators.add(decorator);
			}
		});
		if (decorators.isEmpty()) {
			return null;
		}
		return (decorators.size() == 1) ? decorators.get(0) : new CompositeTaskDecorator(decorators);
	}

}
