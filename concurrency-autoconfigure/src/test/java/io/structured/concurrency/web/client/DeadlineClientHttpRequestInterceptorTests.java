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

package io.structured.concurrency.web.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.DeadlineExceededException;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskCancelledException;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.web.StubServer;
import io.structured.concurrency.web.Tolerance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DeadlineClientHttpRequestInterceptor}.
 */
class DeadlineClientHttpRequestInterceptorTests {

	private final TaskScopes scopes = new TaskScopes(new TaskRegistry(), Runnable::run,
			RequestScope.OutlivedTasks.REPORT);

	private final DeadlineClientHttpRequestInterceptor interceptor = new DeadlineClientHttpRequestInterceptor();

	private final RestClient client = RestClient.builder()
		.requestFactory(new JdkClientHttpRequestFactory())
		.requestInterceptor(this.interceptor)
		.build();

	private StubServer stub;

	@BeforeEach
	void startStub() throws IOException {
		this.stub = new StubServer();
	}

	@AfterEach
	void stopStub() {
		this.stub.close();
	}

	@Test
	void callOutsideAnyRequestShouldSendNoTimeout() {
		callFailing();
		assertThat(this.stub.getReceived()).singleElement()
			.satisfies((received) -> assertThat(received.timeoutHeader()).isNull());
	}

	@Test
	void callWithinARequestShouldSendTheTimeLeft() {
		try (RequestScope scope = this.scopes.openRequest("GET /", Duration.ofSeconds(2), null, null)) {
			callFailing();
		}
		assertThat(this.stub.getReceived()).singleElement()
			.satisfies((received) -> assertThat(Long.parseLong(received.timeoutHeader())).isBetween(1000L, 2000L));
	}

	@Test
	void callWithinARequestWithoutDeadlineShouldSendNoTimeout() {
		try (RequestScope scope = this.scopes.openRequest("GET /", null, null, null)) {
			callFailing();
		}
		assertThat(this.stub.getReceived()).singleElement()
			.satisfies((received) -> assertThat(received.timeoutHeader()).isNull());
	}

	@Test
	void restTemplateWithTheInterceptorShouldSendTheTimeLeft() {
		RestTemplate restTemplate = new RestTemplate(new JdkClientHttpRequestFactory());
		restTemplate.getInterceptors().add(this.interceptor);
		try (RequestScope scope = this.scopes.openRequest("GET /", Duration.ofSeconds(2), null, null)) {
			assertThatExceptionOfType(HttpServerErrorException.class)
				.isThrownBy(() -> restTemplate.getForObject(this.stub.url("/fail"), String.class));
		}
		assertThat(this.stub.getReceived()).singleElement()
			.satisfies((received) -> assertThat(Long.parseLong(received.timeoutHeader())).isBetween(1000L, 2000L));
	}

	@Test
	void callAfterTheDeadlineShouldSendNothing() {
		try (RequestScope scope = this.scopes.openRequest("GET /", Duration.ofMillis(1), null, null)) {
			sleep(20);
			assertThatExceptionOfType(DeadlineExceededException.class).isThrownBy(() -> call("/fail"));
		}
		assertThat(this.stub.getReceived()).isEmpty();
	}

	@Test
	void callWhenCancelledShouldSendNothing() {
		try (RequestScope scope = this.scopes.openRequest("GET /", Duration.ofSeconds(5), null, null)) {
			scope.getToken().cancel(CancellationReason.MANUAL);
			assertThatExceptionOfType(TaskCancelledException.class).isThrownBy(() -> call("/fail"))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(CancellationReason.MANUAL));
		}
		assertThat(this.stub.getReceived()).isEmpty();
	}

	@Test
	void callInFlightWhenDeadlinePassesShouldBeAbortedAtTheDeadline() {
		long start = System.nanoTime();
		try (RequestScope scope = this.scopes.openRequest("GET /", Duration.ofMillis(300), null, null)) {
			assertThatExceptionOfType(DeadlineExceededException.class).isThrownBy(() -> call("/slow"))
				.withCauseInstanceOf(IOException.class);
		}
		long elapsed = System.nanoTime() - start;
		assertThat(elapsed).isBetween(TimeUnit.MILLISECONDS.toNanos(300),
				TimeUnit.MILLISECONDS.toNanos(300) + Tolerance.millis(100));
		assertThat(this.stub.getReceived()).hasSize(1);
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
	}

	@Test
	void callInFlightWhenCancelledFromAnotherThreadShouldBeAborted() throws InterruptedException {
		try (RequestScope scope = this.scopes.openRequest("GET /", Duration.ofSeconds(30), null, null)) {
			Thread canceller = new Thread(() -> {
				sleep(200);
				scope.getToken().cancel(CancellationReason.MANUAL);
			});
			long start = System.nanoTime();
			canceller.start();
			assertThatExceptionOfType(TaskCancelledException.class).isThrownBy(() -> call("/slow"))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(CancellationReason.MANUAL));
			assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
			canceller.join();
		}
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
	}

	private void callFailing() {
		assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(() -> call("/fail"));
	}

	private void call(String path) {
		this.client.get().uri(this.stub.url(path)).retrieve().body(String.class);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
