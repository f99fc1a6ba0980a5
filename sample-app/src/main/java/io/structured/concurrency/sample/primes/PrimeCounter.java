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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.executor.BoundedExecutor;

/**
 * Counts primes with a segmented sieve of Eratosthenes, split into one chunk per thread
 * of the bounded {@code cpu} executor. Each chunk checks its token between segments, so a
 * passed deadline stops the count within one segment.
 */
@Service
public class PrimeCounter {

	private static final int SEGMENT = 1 << 16;

	private final TaskScopes scopes;

	private final BoundedExecutor cpu;

	PrimeCounter(TaskScopes scopes,
			@Qualifier(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME) BoundedExecutor cpu) {
		this.scopes = scopes;
		this.cpu = cpu;
	}

	/**
	 * Count the primes below a limit.
	 * @param limit the limit, at most {@link Integer#MAX_VALUE} squared
	 * @return the count
	 * @throws InterruptedException if the request thread is interrupted
	 * @throws org.springframework.core.task.TaskRejectedException if the {@code cpu}
	 * executor is saturated
	 */
	public PrimeCount count(long limit) throws InterruptedException {
		long start = System.nanoTime();
		int[] basePrimes = primesUpTo((int) Math.sqrt((double) limit));
		int chunks = Math.max(1, this.cpu.getMaxPoolSize());
		long span = Math.max(1, (limit + chunks - 1) / chunks);
		List<TaskFuture<Long>> forks = new ArrayList<>();
		try (TaskScope scope = this.scopes.builder("primes").executor(this.cpu).open()) {
			for (long from = 2; from < limit; from += span) {
				long lower = from;
				long upper = Math.min(limit, from + span);
				forks.add(scope.fork("sieve [" + lower + ", " + upper + ")",
						() -> countBetween(lower, upper, basePrimes)));
			}
			scope.join();
		}
		long primes = forks.stream().mapToLong(TaskFuture::join).sum();
		return new PrimeCount(limit, primes, forks.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
	}

	/**
	 * Return the primes up to and including a bound, with a plain sieve.
	 * @param bound the bound
	 * @return the primes
	 */
	static int[] primesUpTo(int bound) {
		if (bound < 2) {
			return new int[0];
		}
		boolean[] composite = new boolean[bound + 1];
		int count = 0;
		int[] primes = new int[bound];
		for (int n = 2; n <= bound; n++) {
			if (!composite[n]) {
				primes[count++] = n;
				for (long multiple = (long) n * n; multiple <= bound; multiple += n) {
					composite[(int) multiple] = true;
				}
			}
		}
		return Arrays.copyOf(primes, count);
	}

	/**
	 * Count the primes in {@code [from, to)}, segment by segment, checking the current
	 * token between segments.
	 * @param from the lower bound, at least 2
	 * @param to the upper bound, exclusive
	 * @param basePrimes every prime up to the square root of {@code to}
	 * @return the number of primes
	 */
	static long countBetween(long from, long to, int[] basePrimes) {
		CancellationToken token = TaskContext.currentToken();
		boolean[] composite = new boolean[(int) Math.min(SEGMENT, to - from)];
		long count = 0;
		for (long low = from; low < to; low += SEGMENT) {
			if (token != null) {
				token.throwIfCancelled();
			}
			long high = Math.min(low + SEGMENT, to);
			int size = (int) (high - low);
			Arrays.fill(composite, 0, size, false);
			for (int prime : basePrimes) {
				long square = (long) prime * prime;
				if (square >= high) {
					break;
				}
				long first = Math.max(square, (low + prime - 1) / prime * prime);
				for (long multiple = first; multiple < high; multiple += prime) {
					composite[(int) (multiple - low)] = true;
				}
			}
			for (int i = 0; i < size; i++) {
				if (!composite[i]) {
					count++;
				}
			}
		}
		return count;
	}

}
