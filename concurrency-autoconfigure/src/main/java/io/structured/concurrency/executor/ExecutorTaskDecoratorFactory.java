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

package io.structured.concurrency.executor;

import org.springframework.core.task.TaskDecorator;

/**
 * Creates a {@link TaskDecorator} for one {@link BoundedExecutor}, identified by its
 * name. Beans of this type are applied by the executors' auto-configuration, after the
 * user's decorator, so that what they measure or install wraps everything else.
 *
 * <p>
 * The decorator runs on the submitting thread; the runnable it returns runs on the
 * worker. It must return a runnable that runs the given one exactly once.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ExecutorTaskDecoratorFactory {

	/**
	 * Return the decorator for the tasks of the given executor.
	 * @param executorName the executor's name, such as {@code cpu} or {@code io}
	 * @return the decorator
	 */
	TaskDecorator createDecorator(String executorName);

}
