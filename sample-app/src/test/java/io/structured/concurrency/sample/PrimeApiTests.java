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

package io.structured.concurrency.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.structured.concurrency.executor.BoundedExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the prime-counting endpoint over real HTTP, with a {@code cpu} executor of
 * one thread and one queue slot.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concurrency.executors.cpu.threads=1", "concurrency.executors.cpu.queue-capacity=1" })
class PrimeApiTests {

	@LocalServerPort
	private int port;

	@Autowired
	@Qualifier("cpuTaskExecutor")
	private BoundedExecutor cpu;

	private SampleClient client;

	@BeforeEach
	void createClient() {
		this.client = new SampleClient(this.port);
	}

	@ParameterizedTest
	@CsvSource({ "0, 0", "2, 0", "3, 1", "100, 25", "1000000, 78498" })
	void primesShouldCountPrimesBelowLimit(long limit, long primes) throws Exception {
		HttpResponse<String> response = this.client.get("/primes?limit=" + limit);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.client.json(response).get("primes").asLong()).isEqualTo(primes);
	}

	@Test
	void primesWhenCpuExecutorIsSaturatedShouldAnswer503WithRetryAfter() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.cpu.execute("occupier", () -> {
			started.countDown();
			awaitQuietly(release);
		});
		this.cpu.execute("queued", () -> awaitQuietly(release));
		try {
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			HttpResponse<String> response = this.client.get("/primes?limit=1000");
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		finally {
			release.countDown();
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.client.get("/primes?limit=1000").statusCode()).isEqualTo(200));
	}

	@Test
	void primesUnderBurstShouldAnswerOnly200Or503() {
		List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 12)
			.mapToObj((i) -> this.client.getAsync("/primes?limit=20000000"))
			.toList();
		List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();
		assertThat(responses).extracting(HttpResponse::statusCode).isSubsetOf(200, 503);
		assertThat(responses).filteredOn((response) -> response.statusCode() == 503)
			.allSatisfy((response) -> assertThat(response.headers().firstValue("Retry-After")).hasValue("1"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/primes", "/primes?limit=", "/primes?limit=-1", "/primes?limit=abc", "/primes?limit=1e9",
			"/primes?limit=100000001", "/primes?limit=99999999999999999999" })
	void primesWithInvalidLimitShouldAnswer400Problem(String pathAndQuery) throws Exception {
		HttpResponse<String> response = this.client.get(pathAndQuery);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
