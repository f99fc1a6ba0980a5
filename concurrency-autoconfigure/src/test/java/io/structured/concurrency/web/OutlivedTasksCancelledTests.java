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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CX-03 with {@code concurrency.request.outlived-tasks=cancel}: the request finishes
 * before its async child, which is cancelled.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concurrency.tasks.leak-grace=100ms", "concurrency.request.outlived-tasks=cancel" })
class OutlivedTasksCancelledTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Recorder recorder;

	@Autowired
	private TaskRegistry registry;

	private final TaskEvents events = new TaskEvents();

	@BeforeEach
	void listen() {
		// keep the first request's set-up cost out of the timed cases
		Http.get(this.port, "/interrupted");
		this.recorder.clear();
		this.registry.addListener(this.events);
	}

	@AfterEach
	void stopListening() {
		this.registry.removeListener(this.events);
	}

	@Test
	void childThatOutlivesItsRequestShouldBeCancelledWhenTheRequestEnds() {
		HttpResponse<String> response = Http.send("POST", this.port, "/fire", "X-Request-Id", "req-9");
		long responded = System.nanoTime();
		assertThat(response.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.events.cancelled()
				.stream()
				.anyMatch((cancelled) -> cancelled.node().getName().equals("fire-child")));
		TaskEvents.Cancelled cancelled = this.events.cancelled()
			.stream()
			.filter((event) -> event.node().getName().equals("fire-child"))
			.findFirst()
			.orElseThrow();
		assertThat(cancelled.reason()).isEqualTo(CancellationReason.SCOPE_CLOSED);
		assertThat(Math.abs(cancelled.nanos() - responded)).isLessThanOrEqualTo(Tolerance.millis(100));
		this.recorder.nanos("fire.interrupted");
		assertThat(this.recorder.has("fire.end")).isFalse();
	}

}
