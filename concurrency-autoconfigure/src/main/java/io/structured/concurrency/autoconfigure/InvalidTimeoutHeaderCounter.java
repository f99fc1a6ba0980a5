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

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts requests with a malformed timeout header in {@value #NAME}, once a
 * {@link MeterRegistry} bean exists. Only loaded when Micrometer is on the class path.
 */
final class InvalidTimeoutHeaderCounter implements Runnable {

	static final String NAME = "concurrency.deadline.header.invalid";

	private final ObjectProvider<MeterRegistry> registries;

	// resolved by the first request that needs it
	private volatile @Nullable Counter counter;

	private InvalidTimeoutHeaderCounter(ObjectProvider<MeterRegistry> registries) {
		this.registries = registries;
	}

	static Runnable of(ListableBeanFactory beanFactory) {
		return new InvalidTimeoutHeaderCounter(beanFactory.getBeanProvider(MeterRegistry.class));
	}

	static Counter register(MeterRegistry registry) {
		return Counter.builder(NAME)
			.description("Requests whose timeout header was malformed and ignored")
			.register(registry);
	}

	@Override
	public void run() {
		Counter counter = this.counter;
		if (counter == null) {
			MeterRegistry registry = this.registries.getIfUnique();
			if (registry == null) {
				return;
			}
			counter = register(registry);
			this.counter = counter;
		}
		counter.increment();
	}

}
