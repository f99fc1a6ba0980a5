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

package io.structured.concurrency.actuate.metrics;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Counts the calls that resilience4j bulkheads refused for want of a permit, as
 * {@code concurrency.bulkhead.rejected} with tag {@code name}: resilience4j's own meters
 * show the permits of a bulkhead, not the calls it turned away. Bulkheads added to the
 * registry later are counted too.
 *
 * @since 0.1.0
 */
public class BulkheadRejectionMetrics implements MeterBinder {

	private final BulkheadRegistry bulkheads;

	/**
	 * Create a new instance.
	 * @param bulkheads the registry of the bulkheads to count
	 */
	public BulkheadRejectionMetrics(BulkheadRegistry bulkheads) {
		this.bulkheads = bulkheads;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.bulkheads.getEventPublisher().onEntryAdded((event) -> count(event.getAddedEntry(), registry));
		this.bulkheads.getAllBulkheads().forEach((bulkhead) -> count(bulkhead, registry));
	}

	private static void count(Bulkhead bulkhead, MeterRegistry registry) {
		Counter rejected = Counter.builder("concurrency.bulkhead.rejected")
			.description("Calls that a bulkhead refused for want of a permit")
			.tag("name", bulkhead.getName())
			.register(registry);
		bulkhead.getEventPublisher().onCallRejected((event) -> rejected.increment());
	}

}
