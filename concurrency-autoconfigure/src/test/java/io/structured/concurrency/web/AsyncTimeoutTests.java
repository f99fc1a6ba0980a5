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

package io.structured.concurrency.web;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the deadline, not the container's async timeout, decides when an
 * asynchronously handled request has run out of time: the async timeout here is far
 * shorter than the deadlines. Tomcat looks for timed-out async requests once a second, so
 * the handlers run well past that.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.mvc.async.request-timeout=300ms", "concurrency.request.default-timeout=10s" })
class AsyncTimeoutTests {

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "/callable?millis=2500", "/future?millis=2500" })
	void asyncRequestShouldRunPastTheAsyncTimeoutUntilItsDeadline(String path) {
		HttpResponse<String> response = Http.get(this.port, path, "X-Request-Timeout", "5000");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/callable?millis=5000", "/future?millis=5000" })
	void asyncRequestShouldBeAnsweredByItsDeadline(String path) {
		long start = System.nanoTime();
		HttpResponse<String> response = Http.get(this.port, path, "X-Request-Timeout", "800");
		long elapsed = System.nanoTime() - start;
		assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(elapsed).isBetween(TimeUnit.MILLISECONDS.toNanos(800),
				TimeUnit.MILLISECONDS.toNanos(800) + Tolerance.millis(100));
	}

}
