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

import io.micrometer.context.ContextRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

import io.structured.concurrency.context.ContextPropagation;

/**
 * Auto-configuration that carries the task context and the MDC across threads with
 * Micrometer's context-propagation, when it is on the class path.
 *
 * <p>
 * It registers this library's thread-local accessors with the global
 * {@link ContextRegistry} and contributes Spring's
 * {@link ContextPropagatingTaskDecorator} as a
 * {@link org.springframework.core.task.TaskDecorator} bean (unless the application
 * declares one), which this library's executors and the executors that Spring Boot's task
 * executor builders create apply to their tasks.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = { ConcurrencyAutoConfiguration.class, TaskExecutionAutoConfiguration.class })
@ConditionalOnClass(ContextRegistry.class)
public final class ContextPropagationAutoConfiguration {

	@Bean
	ContextAccessorsRegistration concurrencyContextAccessorsRegistration() {
		return new ContextAccessorsRegistration(ContextPropagation.registerAccessors(ContextRegistry.getInstance()));
	}

	@Bean
	@ConditionalOnMissingBean(ContextPropagatingTaskDecorator.class)
	ContextPropagatingTaskDecorator concurrencyContextPropagatingTaskDecorator(
			ContextAccessorsRegistration registration) {
		return ContextPropagation.taskDecorator(registration.registry());
	}

	/**
	 * The fact that this library's accessors are registered with the registry.
	 *
	 * @param registry the registry they are registered with
	 */
	record ContextAccessorsRegistration(ContextRegistry registry) {

	}

}
