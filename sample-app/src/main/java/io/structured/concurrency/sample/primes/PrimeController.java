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

package io.structured.concurrency.sample.primes;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.structured.concurrency.sample.WholeNumber;

/**
 * Counts primes: CPU-bound work on the bounded {@code cpu} executor, which answers 503
 * with {@code Retry-After} when it is saturated rather than queueing without bound.
 */
@RestController
class PrimeController {

	/**
	 * Largest limit accepted.
	 */
	static final long MAX_LIMIT = 100_000_000;

	private final PrimeCounter counter;

	PrimeController(PrimeCounter counter) {
		this.counter = counter;
	}

	@GetMapping("/primes")
	PrimeCount primes(@RequestParam String limit) throws InterruptedException {
		return this.counter.count(WholeNumber.parse("'limit'", limit, 0, MAX_LIMIT));
	}

}
