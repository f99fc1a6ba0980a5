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

import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClientResponseException;

import io.structured.concurrency.core.ScopeFailedException;
import io.structured.concurrency.core.TaskContext;

/**
 * The travel-quote API.
 */
@RestController
class QuoteController {

	/**
	 * Type of the problem that answers a failed supplier.
	 */
	static final URI SUPPLIER_FAILED = URI.create("urn:travel-quotes:problem:supplier-failed");

	/**
	 * Type of the problem that answers a supplier that did not answer in time.
	 */
	static final URI SUPPLIER_TIMED_OUT = URI.create("urn:travel-quotes:problem:supplier-timed-out");

	private final QuoteService quotes;

	QuoteController(QuoteService quotes) {
		this.quotes = quotes;
	}

	/**
	 * Return the offers of every supplier for a city.
	 * @param city the city
	 * @param delay delays to ask suppliers for, as {@code name:millis[,name:millis]}
	 * @param fail the name of a supplier to ask to fail
	 * @return the quote
	 * @throws InterruptedException if the request thread is interrupted
	 */
	@GetMapping("/quotes")
	TravelQuote quotes(@RequestParam String city, @RequestParam(required = false) @Nullable String delay,
			@RequestParam(required = false) @Nullable String fail) throws InterruptedException {
		return this.quotes.quote(QuoteRequest.parse(city, delay, fail));
	}

	/**
	 * Answer a failed supplier with 502 Bad Gateway: the quote service works, one of the
	 * services it depends on did not; or, when the supplier did not answer within the
	 * client's read timeout, with 504 Gateway Timeout. The detail names the supplier and
	 * what it answered, never the address it was called at.
	 * @param ex the failure of the scope that asked the suppliers
	 * @return the problem
	 */
	@ExceptionHandler
	ProblemDetail supplierFailed(ScopeFailedException ex) {
		String supplier = ex.getTaskName();
		boolean timedOut = isTimeout(ex.getCause());
		ProblemDetail problem = timedOut
				? ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT,
						"Supplier '" + supplier + "' did not answer in time")
				: ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
						"Supplier '" + supplier + "' failed: " + describe(ex.getCause()));
		problem.setType(timedOut ? SUPPLIER_TIMED_OUT : SUPPLIER_FAILED);
		problem.setTitle(timedOut ? "Supplier timed out" : "Supplier failed");
		problem.setProperty("supplier", supplier);
		TaskContext context = TaskContext.current();
		String requestId = (context != null) ? context.node().getRequestId() : null;
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
		return problem;
	}

	private static boolean isTimeout(@Nullable Throwable cause) {
		for (Throwable candidate = cause; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof SocketTimeoutException || candidate instanceof HttpTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static String describe(@Nullable Throwable cause) {
		if (cause instanceof RestClientResponseException response) {
			return "it answered " + response.getStatusCode().value() + " " + response.getStatusText();
		}
		return "the call failed (" + ((cause != null) ? cause.getClass().getSimpleName() : "unknown cause") + ")";
	}

}
