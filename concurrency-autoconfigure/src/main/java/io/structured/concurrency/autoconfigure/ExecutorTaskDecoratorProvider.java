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

import org.jspecify.annotations.Nullable;
import org.springframework.core.task.TaskDecorator;

/**
 * Contributes a {@link TaskDecorator} for the tasks of one of this library's executors,
 * for concerns that differ per executor, such as metrics tagged with the executor's name.
 * Beans of this type are asked once, when each executor is created.
 *
 * <p>
 * Each executor decorates its tasks with, from the innermost to the outermost: the
 * application's {@link TaskDecorator} beans in their order (context propagation among
 * them, outermost of those without an explicit order), then the decorators of these
 * providers in their order. The outermost decorator runs first on the worker.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ExecutorTaskDecoratorProvider {

	/**
	 * Return the decorator for the tasks of the named executor.
	 * @param executorName the executor's name, {@code cpu} or {@code io}
	 * @return the decorator, or {@code null} to leave that executor alone
	 */
	@Nullable TaskDecorator getTaskDecorator(String executorName);

}
