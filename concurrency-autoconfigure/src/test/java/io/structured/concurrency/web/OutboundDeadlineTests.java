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

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;

import io.structured.concurrency.core.DeadlineExceededException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * DL-03 and DL-04: the deadline reaches outbound calls and retries, on a real Tomcat with
 * a stub downstream service on loopback.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concurrency.request.default-timeout=10s")
class OutboundDeadlineTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Recorder recorder;

	private StubServer stub;

	@Autowired
	private RestClient stubClient;

	@BeforeEach
	void startStub() throws IOException {
		// keep the first request's set-up cost out of the timed cases
		Http.get(this.port, "/interrupted");
		this.recorder.clear();
		this.stub = new StubServer();
		// the first call of a JDK HttpClient takes long to set up; keep it out of the
		// timed cases
		assertThatExceptionOfType(HttpServerErrorException.class)
			.isThrownBy(() -> this.stubClient.get().uri(this.stub.url("/fail")).retrieve().body(String.class));
		this.stub.getReceived().clear();
	}

	@AfterEach
	void stopStub() {
		this.stub.close();
	}

	@Test
	void outboundCallWhenDeadlinePassesDuringTheCallShouldBeAborted() {
		long start = System.nanoTime();
		HttpResponse<String> response = Http.get(this.port,
				"/outbound?waitMillis=1500&url=" + encode(this.stub.url("/slow")), "X-Request-Timeout", "2000");
		long end = System.nanoTime();
		List<StubServer.Received> received = this.stub.getReceived();
		assertThat(received).hasSize(1);
		// 500 ms left after 1.5 s, less the (scaled) 100 ms that the case allows
		assertThat(Long.parseLong(received.get(0).timeoutHeader()))
			.isBetween(500 - TimeUnit.NANOSECONDS.toMillis(Tolerance.millis(100)), 500L);
		long deadline = this.recorder.nanos("outbound.deadline");
		long callStart = this.recorder.nanos("outbound.start");
		long callEnd = this.recorder.nanos("outbound.end");
		assertThat(deadline - callStart).isBetween(TimeUnit.MILLISECONDS.toNanos(500) - Tolerance.millis(100),
				TimeUnit.MILLISECONDS.toNanos(500));
		// aborted at the deadline, not before
		assertThat(callEnd).isGreaterThanOrEqualTo(deadline).isLessThanOrEqualTo(deadline + Tolerance.millis(100));
		assertThat(this.recorder.<Throwable>get("outbound.failure")).isInstanceOf(DeadlineExceededException.class);
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/problem+json"));
		assertThat(end - start).isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(2000) + Tolerance.millis(100));
	}

	@Test
	void outboundCallWhenDeadlineHasPassedShouldSendNothing() {
		HttpResponse<String> response = Http.get(this.port,
				"/outbound?waitMillis=2200&ignoreInterrupts=true&url=" + encode(this.stub.url("/slow")),
				"X-Request-Timeout", "2000");
		assertThat(this.stub.getReceived()).isEmpty();
		assertThat(this.recorder.<Throwable>get("outbound.failure")).isInstanceOf(DeadlineExceededException.class);
		long callStart = this.recorder.nanos("outbound.start");
		long callEnd = this.recorder.nanos("outbound.end");
		assertThat(callEnd - callStart).isLessThanOrEqualTo(Tolerance.millis(10));
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.body()).contains("\"status\":504");
	}

	@Test
	void retriesShouldStopAtTheDeadline() {
		// keep the first use of the retry support out of the timed case
		assertThat(Http.get(this.port, "/retry?url=" + encode(this.stub.url("/ok"))).statusCode()).isEqualTo(200);
		assertThat(this.stub.getReceived()).hasSize(1);
		this.stub.getReceived().clear();
		this.recorder.clear();
		HttpResponse<String> response = Http.get(this.port, "/retry?url=" + encode(this.stub.url("/fail")),
				"X-Request-Timeout", "300");
		long deadline = this.recorder.nanos("retry.deadline");
		List<StubServer.Received> received = this.stub.getReceived();
		long start = deadline - TimeUnit.MILLISECONDS.toNanos(300);
		// the case expects 2 attempts, which takes a first attempt that ends with more
		// than the 200 ms back-off left; on a loaded machine it may take longer, and then
		// no second attempt may start
		long leftAfterFirst = deadline - this.recorder.nanos("retry.attempt1.end");
		if (leftAfterFirst > TimeUnit.MILLISECONDS.toNanos(220)) {
			assertThat(received).hasSize(2);
		}
		else if (leftAfterFirst <= TimeUnit.MILLISECONDS.toNanos(200)) {
			assertThat(received).hasSize(1);
		}
		assertThat(received).hasSizeBetween(1, 2);
		assertThat(received.get(0).nanos() - start).isLessThanOrEqualTo(Tolerance.millis(50));
		assertThat(Long.parseLong(received.get(0).timeoutHeader())).isPositive().isLessThanOrEqualTo(300);
		if (received.size() == 2) {
			assertThat(received.get(1).nanos() - received.get(0).nanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(200),
					TimeUnit.MILLISECONDS.toNanos(200) + Tolerance.millis(50));
			assertThat(Long.parseLong(received.get(1).timeoutHeader())).isPositive().isLessThanOrEqualTo(100);
		}
		assertThat(received).allSatisfy((request) -> assertThat(request.nanos()).isLessThan(deadline));
		assertThat(this.recorder.<Throwable>get("retry.failure")).isInstanceOf(DeadlineExceededException.class);
		assertThat(this.recorder.nanos("retry.failed") - start)
			.isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300) + Tolerance.millis(50));
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.body()).contains("\"status\":504");
	}

	private static String encode(String url) {
		return URLEncoder.encode(url, StandardCharsets.UTF_8);
	}

}
