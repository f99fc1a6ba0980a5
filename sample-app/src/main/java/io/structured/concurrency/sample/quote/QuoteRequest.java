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

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import io.structured.concurrency.sample.City;
import io.structured.concurrency.sample.SampleProperties;
import io.structured.concurrency.sample.WholeNumber;

/**
 * A request for a travel quote, checked.
 *
 * @param city the display name of the city
 * @param delays extra delays that suppliers are asked to take, in milliseconds, by
 * supplier name
 * @param failing the name of the supplier asked to fail, if any
 */
public record QuoteRequest(String city, Map<String, Long> delays, @Nullable String failing) {

	/**
	 * Longest delay a supplier may be asked for, in milliseconds.
	 */
	public static final long MAX_DELAY_MILLIS = 60_000;

	/**
	 * Check and parse the query parameters of a quote request.
	 * @param city the city
	 * @param delay delays as {@code name:millis[,name:millis]}, or {@code null}
	 * @param fail the name of a supplier that should fail, or {@code null}
	 * @return the request
	 * @throws ResponseStatusException with status 400 if a parameter is invalid
	 */
	public static QuoteRequest parse(String city, @Nullable String delay, @Nullable String fail) {
		String failing = null;
		if (fail != null && !fail.isEmpty()) {
			failing = checkSupplier(fail, "fail");
		}
		return new QuoteRequest(City.displayName(city), parseDelays(delay), failing);
	}

	private static Map<String, Long> parseDelays(@Nullable String delay) {
		Map<String, Long> delays = new LinkedHashMap<>();
		if (delay == null || delay.isEmpty()) {
			return delays;
		}
		for (String entry : delay.split(",", -1)) {
			int colon = entry.indexOf(':');
			if (colon < 0) {
				throw badRequest("'delay' must be a list of name:millis, such as 'hotels:3000', was '" + delay + "'");
			}
			String supplier = checkSupplier(entry.substring(0, colon).strip(), "delay");
			long millis = parseMillis(supplier, entry.substring(colon + 1).strip());
			if (delays.put(supplier, millis) != null) {
				throw badRequest("'delay' names supplier '" + supplier + "' more than once");
			}
		}
		return delays;
	}

	private static long parseMillis(String supplier, String millis) {
		return WholeNumber.parse("The delay of '" + supplier + "' in 'delay'", millis, 0, MAX_DELAY_MILLIS);
	}

	private static String checkSupplier(String name, String parameter) {
		if (!SampleProperties.SUPPLIERS.contains(name)) {
			throw badRequest("'" + parameter + "' must name one of the suppliers " + SampleProperties.SUPPLIERS
					+ ", was '" + name + "'");
		}
		return name;
	}

	private static ResponseStatusException badRequest(String detail) {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
	}

	/**
	 * Return the delay asked of a supplier.
	 * @param supplier the supplier's name
	 * @return the delay in milliseconds, or {@code null} for the supplier's own latency
	 */
	public @Nullable Long delayOf(String supplier) {
		return this.delays.get(supplier);
	}

	/**
	 * Return whether a supplier is asked to fail.
	 * @param supplier the supplier's name
	 * @return {@code true} if it should answer 500
	 */
	public boolean fails(String supplier) {
		return supplier.equals(this.failing);
	}

}
