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

package io.structured.concurrency.sample.supplier;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.structured.concurrency.autoconfigure.ConcurrencyProperties;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.sample.City;
import io.structured.concurrency.sample.SampleProperties;
import io.structured.concurrency.sample.WholeNumber;

/**
 * The suppliers behind the quote service: flights, hotels and cars. Each takes its
 * configured latency to price a request, and stops early when its own request is
 * cancelled, for example because the deadline its caller sent has passed.
 */
@RestController
class SupplierController {

	/**
	 * Longest delay a caller may ask a supplier for, in milliseconds.
	 */
	static final long MAX_DELAY_MILLIS = 60_000;

	private static final String CURRENCY = "EUR";

	private final SampleProperties.Suppliers suppliers;

	private final String timeoutHeader;

	SupplierController(SampleProperties properties, ConcurrencyProperties concurrency) {
		this.suppliers = properties.getSuppliers();
		this.timeoutHeader = concurrency.getRequest().getTimeoutHeader();
	}

	@GetMapping("/suppliers/{name}")
	SupplierQuote quote(@PathVariable String name, @RequestParam String city,
			@RequestParam(name = "delay", required = false) @Nullable String delayValue,
			@RequestParam(defaultValue = "false") boolean fail, HttpServletRequest request)
			throws InterruptedException {
		SampleProperties.Supplier supplier = this.suppliers.find(name);
		if (supplier == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No supplier is named '" + name + "'");
		}
		String displayName = City.displayName(city);
		Long delay = (delayValue != null && !delayValue.isEmpty())
				? WholeNumber.parse("'delay'", delayValue, 0, MAX_DELAY_MILLIS) : null;
		Long receivedTimeout = parseTimeout(request.getHeader(this.timeoutHeader));
		price((delay != null) ? Duration.ofMillis(delay) : supplier.getLatency());
		if (fail) {
			throw new ResponseStatusException(HttpStatus.INTERNAL_SERVER_ERROR,
					"Supplier '" + name + "' could not price the request");
		}
		return new SupplierQuote(name, String.format(Locale.ROOT, supplier.getOffer(), displayName),
				priceIn(displayName, name, supplier.getBasePrice()), CURRENCY, receivedTimeout);
	}

	private static @Nullable Long parseTimeout(@Nullable String header) {
		if (header == null || header.isEmpty() || header.length() > 18
				|| !header.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return null;
		}
		return Long.parseLong(header);
	}

	/**
	 * Take the time that pricing takes, ending early if this request is cancelled.
	 * @param latency the time pricing takes
	 * @throws InterruptedException if the thread is interrupted
	 */
	private static void price(Duration latency) throws InterruptedException {
		CancellationToken token = TaskContext.currentToken();
		if (token != null) {
			token.sleep(latency);
		}
		else {
			Thread.sleep(latency.toMillis());
		}
	}

	private static BigDecimal priceIn(String city, String supplier, BigDecimal basePrice) {
		int spread = Math.floorMod(city.toLowerCase(Locale.ROOT).hashCode() * 31 + supplier.hashCode(), 81);
		BigDecimal factor = BigDecimal.valueOf(80 + spread, 2);
		return basePrice.multiply(factor).setScale(2, RoundingMode.HALF_EVEN);
	}

}
