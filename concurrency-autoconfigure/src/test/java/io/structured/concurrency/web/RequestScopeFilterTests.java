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
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskKind;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link io.structured.concurrency.web.servlet.RequestScopeFilter} on a real
 * Tomcat: naming, request ids, handler timeouts and asynchronous handling.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concurrency.request.default-timeout=10s")
class RequestScopeFilterTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Recorder recorder;

	@Autowired
	private TaskRegistry registry;

	@BeforeEach
	void clear() {
		Http.get(this.port, "/interrupted");
		this.recorder.clear();
	}

	@Test
	void requestShouldBeNamedUnknownAndThenAfterItsRoute() {
		HttpResponse<String> response = Http.get(this.port, "/orders/42?expand=lines", "X-Request-Id", "abc-1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.recorder.<String>get("name.beforeHandler")).isEqualTo("GET UNKNOWN");
		assertThat(response.body()).isEqualTo("GET /orders/{id}|abc-1|abc-1");
	}

	@Test
	void requestWithoutIdShouldGetAGeneratedOneInTheMdcAndTheNode() {
		HttpResponse<String> response = Http.get(this.port, "/orders/7");
		String[] parts = response.body().split("\\|");
		assertThat(parts[1]).matches("[0-9a-f]{16}");
		assertThat(parts[2]).isEqualTo(parts[1]);
	}

	@Test
	void handlerTimeoutShouldReplaceTheDefaultTimeout() {
		assertThat(remainingMillis("/timed/short")).isBetween(1L, 300L);
		assertThat(remainingMillis("/timed/class")).isBetween(1000L, 1500L);
		assertThat(remainingMillis("/timed/long")).isBetween(110_000L, 120_000L);
	}

	@Test
	void timeoutHeaderShouldWinOverTheHandlerTimeout() {
		assertThat(remainingMillis("/timed/short", "X-Request-Timeout", "5000")).isBetween(4000L, 5000L);
		assertThat(remainingMillis("/timed/long", "X-Request-Timeout", "5000")).isBetween(4000L, 5000L);
	}

	@Test
	void handlerTimeoutShouldApplyWhenTheHeaderIsMalformed() {
		assertThat(remainingMillis("/timed/short", "X-Request-Timeout", "5s")).isBetween(1L, 300L);
	}

	@Test
	void deferredResultShouldBeAnswered504AtTheDeadline() {
		long start = System.nanoTime();
		HttpResponse<String> response = Http.get(this.port, "/deferred", "X-Request-Timeout", "300");
		long elapsed = System.nanoTime() - start;
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(elapsed).isBetween(ms(300), ms(300) + Tolerance.millis(100));
		CancellationToken token = this.recorder.get("deferred.token");
		assertThat(token.getReason()).isEqualTo(CancellationReason.DEADLINE);
	}

	@Test
	void callableShouldBeInterruptedAndAnswered504AtTheDeadline() {
		long start = System.nanoTime();
		HttpResponse<String> response = Http.get(this.port, "/callable", "X-Request-Timeout", "300");
		long elapsed = System.nanoTime() - start;
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(elapsed).isBetween(ms(300), ms(300) + Tolerance.millis(100));
		CancellationToken token = this.recorder.get("callable.token");
		assertThat(token.getReason()).isEqualTo(CancellationReason.DEADLINE);
	}

	@Test
	void asynchronousRequestShouldKeepItsScopeUntilItCompletes() throws InterruptedException {
		Thread client = new Thread(() -> this.recorder.put("future.response",
				Http.get(this.port, "/future?millis=3000", "X-Request-Id", "fut-1")));
		client.start();
		CancellationToken taskToken = this.recorder.awaitValue("future.token");
		Thread.sleep(200);
		TaskNode request = this.registry.getRoots()
			.stream()
			.filter((node) -> node.getKind() == TaskKind.REQUEST && "fut-1".equals(node.getRequestId()))
			.findFirst()
			.orElseThrow();
		assertThat(request.getName()).isEqualTo("GET /future");
		assertThat(request.isFinished()).isFalse();
		assertThat(taskToken.getParent()).isSameAs(request.getToken());
		client.join(20_000);
		HttpResponse<String> response = this.recorder.get("future.response");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("future");
		assertThat(this.recorder.<String>get("asyncDispatch.requestId")).isEqualTo("fut-1");
		assertThat(this.recorder.<String>get("asyncDispatch.mdc")).isEqualTo("fut-1");
		await().atMost(Duration.ofSeconds(2)).until(request::isFinished);
		assertThat(request.getToken().isCancelled()).isFalse();
	}

	private long remainingMillis(String path, String... headers) {
		HttpResponse<String> response = Http.get(this.port, path, headers);
		assertThat(response.statusCode()).isEqualTo(200);
		return Long.parseLong(response.body());
	}

	private static long ms(long millis) {
		return TimeUnit.MILLISECONDS.toNanos(millis);
	}

}
