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

package io.structured.concurrency.sample.quote;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import org.springframework.stereotype.Component;

import io.structured.concurrency.autoconfigure.ConcurrencyProperties;
import io.structured.concurrency.sample.SampleProperties;

/**
 * One bulkhead per supplier, named after it and configured under
 * {@code concurrency.bulkheads.<supplier>}, so that a slow supplier cannot take every
 * worker of the quote service.
 */
@Component
class SupplierBulkheads {

	private final Map<String, Bulkhead> bulkheads = new LinkedHashMap<>();

	SupplierBulkheads(ConcurrencyProperties properties) {
		for (String supplier : SampleProperties.SUPPLIERS) {
			ConcurrencyProperties.Bulkhead settings = properties.getBulkheads()
				.getOrDefault(supplier, new ConcurrencyProperties.Bulkhead());
			BulkheadConfig config = BulkheadConfig.custom()
				.maxConcurrentCalls(settings.getMaxConcurrentCalls())
				.maxWaitDuration(settings.getMaxWait())
				.build();
			this.bulkheads.put(supplier, Bulkhead.of(supplier, config));
		}
	}

	/**
	 * Make a call to a supplier through its bulkhead.
	 * @param <T> the type of the result
	 * @param supplier the supplier's name
	 * @param call the call
	 * @return the call's result
	 * @throws io.github.resilience4j.bulkhead.BulkheadFullException if the supplier's
	 * bulkhead has no permit left
	 */
	<T> T call(String supplier, Supplier<T> call) {
		Bulkhead bulkhead = this.bulkheads.get(supplier);
		if (bulkhead == null) {
			throw new IllegalArgumentException("No bulkhead for supplier '" + supplier + "'");
		}
		return bulkhead.executeSupplier(call);
	}

}
