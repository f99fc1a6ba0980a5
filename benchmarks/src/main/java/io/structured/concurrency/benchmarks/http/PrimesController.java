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

package io.structured.concurrency.benchmarks.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.executor.BoundedExecutor;

/**
 * Counts primes with the segmented sieve of the sample app, split into one chunk per
 * thread of the {@code cpu} executor, on the executor the benchmark compares.
 */
@RestController
class PrimesController {

	private static final int SEGMENT = 1 << 16;

	private final TaskScopes scopes;

	private final BoundedExecutor cpu;

	private final @Nullable ThreadPoolTaskExecutor springDefault;

	PrimesController(TaskScopes scopes,
			@Qualifier(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME) BoundedExecutor cpu,
			@Qualifier(OverloadApp.SPRING_DEFAULT_EXECUTOR) ObjectProvider<ThreadPoolTaskExecutor> springDefault) {
		this.scopes = scopes;
		this.cpu = cpu;
		this.springDefault = springDefault.getIfAvailable();
	}

	@GetMapping("/primes")
	long primes(@RequestParam int limit) throws InterruptedException {
		int[] basePrimes = primesUpTo((int) Math.sqrt(limit));
		int chunks = Math.max(1, this.cpu.getMaxPoolSize());
		int span = Math.max(1, (limit + chunks - 1) / chunks);
		ThreadPoolTaskExecutor springDefault = this.springDefault;
		if (springDefault != null) {
			List<CompletableFuture<Long>> futures = new ArrayList<>();
			for (int from = 2; from < limit; from += span) {
				int lower = from;
				int upper = Math.min(limit, from + span);
				futures.add(CompletableFuture.supplyAsync(() -> countBetween(lower, upper, basePrimes), springDefault));
			}
			return futures.stream().mapToLong(CompletableFuture::join).sum();
		}
		List<TaskFuture<Long>> forks = new ArrayList<>();
		try (TaskScope scope = this.scopes.builder("primes").executor(this.cpu).open()) {
			for (int from = 2; from < limit; from += span) {
				int lower = from;
				int upper = Math.min(limit, from + span);
				forks.add(scope.fork("sieve", () -> countBetween(lower, upper, basePrimes)));
			}
			scope.join();
		}
		return forks.stream().mapToLong(TaskFuture::join).sum();
	}

	@ExceptionHandler(TaskRejectedException.class)
	ResponseEntity<String> rejected(TaskRejectedException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body("overloaded");
	}

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

	static long countBetween(int from, int to, int[] basePrimes) {
		boolean[] composite = new boolean[Math.min(SEGMENT, to - from)];
		long count = 0;
		for (long low = from; low < to; low += SEGMENT) {
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
