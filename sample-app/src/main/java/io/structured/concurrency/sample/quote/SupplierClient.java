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

import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.structured.concurrency.bulkhead.DeadlineAwareBulkheads;
import io.structured.concurrency.sample.supplier.SupplierQuote;

/**
 * Calls the suppliers over HTTP, on the port this application listens on, through a
 * {@link RestClient} built from Spring Boot's {@link RestClient.Builder} so that every
 * customizer of the application, such as the one that sends the time left of the
 * request's deadline, applies. Each call goes through a bulkhead named after its supplier
 * and configured under {@code concurrency.bulkheads.<supplier>}, so that a slow supplier
 * cannot hold every worker of the quote service.
 */
@Component
public class SupplierClient implements ApplicationListener<WebServerInitializedEvent> {

	private final RestClient.Builder builder;

	private final DeadlineAwareBulkheads bulkheads;

	// written once the web server has started, read by the tasks that call suppliers
	private volatile @Nullable RestClient client;

	SupplierClient(RestClient.Builder builder, DeadlineAwareBulkheads bulkheads) {
		this.builder = builder;
		this.bulkheads = bulkheads;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null) {
			this.client = this.builder.baseUrl("http://127.0.0.1:" + event.getWebServer().getPort()).build();
		}
	}

	/**
	 * Ask a supplier for its offer.
	 * @param supplier the supplier's name
	 * @param city the city
	 * @param delayMillis a delay to ask the supplier for, or {@code null} for none
	 * @param fail whether to ask the supplier to fail
	 * @return the supplier's offer
	 * @throws org.springframework.web.client.RestClientException if the call fails
	 * @throws io.github.resilience4j.bulkhead.BulkheadFullException if the supplier's
	 * bulkhead has no permit left
	 * @throws Exception if the call fails otherwise
	 */
	public SupplierQuote quote(String supplier, String city, @Nullable Long delayMillis, boolean fail)
			throws Exception {
		RestClient client = this.client;
		if (client == null) {
			throw new IllegalStateException("Suppliers cannot be called before the web server has started");
		}
		return this.bulkheads.call(supplier, () -> {
			SupplierQuote quote = client.get().uri((uri) -> {
				uri.path("/suppliers/{name}").queryParam("city", city);
				if (delayMillis != null) {
					uri.queryParam("delay", delayMillis);
				}
				if (fail) {
					uri.queryParam("fail", true);
				}
				return uri.build(supplier);
			}).retrieve().body(SupplierQuote.class);
			if (quote == null) {
				throw new IllegalStateException("Supplier '" + supplier + "' answered without an offer");
			}
			return quote;
		});
	}

}
