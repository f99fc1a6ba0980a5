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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the sieve of {@link PrimeCounter}.
 */
class PrimeCounterTests {

	private static final int LIMIT = 200_000;

	@Test
	void primesUpToShouldListPrimesUpToAndIncludingBound() {
		assertThat(PrimeCounter.primesUpTo(1)).isEmpty();
		assertThat(PrimeCounter.primesUpTo(2)).containsExactly(2);
		assertThat(PrimeCounter.primesUpTo(30)).containsExactly(2, 3, 5, 7, 11, 13, 17, 19, 23, 29);
	}

	@Test
	void countBetweenShouldMatchTrialDivisionAcrossChunkAndSegmentBoundaries() {
		int[] basePrimes = PrimeCounter.primesUpTo((int) Math.sqrt(LIMIT));
		long[] bounds = { 2, 3, 97, 65_535, 65_536, 65_537, 131_073, 150_001, LIMIT };
		for (int i = 0; i + 1 < bounds.length; i++) {
			assertThat(PrimeCounter.countBetween(bounds[i], bounds[i + 1], basePrimes))
				.as("primes in [%d, %d)", bounds[i], bounds[i + 1])
				.isEqualTo(countByTrialDivision(bounds[i], bounds[i + 1]));
		}
	}

	private static long countByTrialDivision(long from, long to) {
		long count = 0;
		for (long n = from; n < to; n++) {
			boolean prime = n >= 2;
			for (long d = 2; d * d <= n && prime; d++) {
				prime = n % d != 0;
			}
			if (prime) {
				count++;
			}
		}
		return count;
	}

}
