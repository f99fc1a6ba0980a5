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

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.util.ClassUtils;

/**
 * Registration of this library's {@link io.micrometer.context.ThreadLocalAccessor
 * accessors} with Micrometer's context-propagation, and the task decorator that uses
 * them.
 *
 * @since 0.1.0
 */
public final class ContextPropagation {

	private static final boolean mdcPresent = ClassUtils.isPresent("org.slf4j.MDC",
			ContextPropagation.class.getClassLoader());

	private ContextPropagation() {
	}

	/**
	 * Register the {@link TaskContextThreadLocalAccessor} and, when SLF4J is present, the
	 * {@link MdcThreadLocalAccessor} with the given registry. Registering again replaces
	 * the accessors registered before under the same keys, so calling this more than once
	 * is harmless.
	 * @param registry the registry, usually {@link ContextRegistry#getInstance()}
	 * @return the registry
	 */
	public static ContextRegistry registerAccessors(ContextRegistry registry) {
		registry.registerThreadLocalAccessor(new TaskContextThreadLocalAccessor());
		if (mdcPresent) {
			registry.registerThreadLocalAccessor(new MdcThreadLocalAccessor());
		}
		return registry;
	}

	/**
	 * Create Spring's {@link ContextPropagatingTaskDecorator} over the global
	 * {@link ContextRegistry}, with a snapshot factory that clears values missing from
	 * the snapshot on the worker for the time of the task. Every accessor's value is
	 * captured when the task is submitted, set on the worker before the task runs, and
	 * restored in reverse order of registration after it ends.
	 * @return the task decorator
	 */
	public static ContextPropagatingTaskDecorator taskDecorator() {
		return taskDecorator(ContextRegistry.getInstance());
	}

	/**
	 * Create Spring's {@link ContextPropagatingTaskDecorator} over the given registry,
	 * with a snapshot factory that clears values missing from the snapshot.
	 * @param registry the registry whose accessors are used
	 * @return the task decorator
	 */
	public static ContextPropagatingTaskDecorator taskDecorator(ContextRegistry registry) {
		ContextSnapshotFactory factory = ContextSnapshotFactory.builder()
			.contextRegistry(registry)
			.clearMissing(true)
			.build();
		return new ContextPropagatingTaskDecorator(factory);
	}

}
