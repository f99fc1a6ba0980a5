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
import java.util.List;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.LeakReason;
import io.structured.concurrency.core.TaskOutcome;
import io.structured.concurrency.core.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CN-03: the timeout fires and the work stops, on a real Tomcat.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concurrency.request.default-timeout=500ms", "concurrency.tasks.leak-grace=500ms" })
class DeadlineCancelsWorkTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Recorder recorder;

	@Autowired
	private TaskRegistry registry;

	private final TaskEvents events = new TaskEvents();

	@BeforeEach
	void listen() {
		// keep the first request's set-up cost out of the timed case
		Http.get(this.port, "/interrupted");
		this.recorder.clear();
		this.registry.addListener(this.events);
	}

	@AfterEach
	void stopListening() {
		this.registry.removeListener(this.events);
	}

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void deadlineShouldAnswer504AndStopTheChildrenThatHonourIt() {
		double cancelledBefore = counter("concurrency.tasks.completed", "outcome", "CANCELLED");
		double deadlineCancellationsBefore = counter("concurrency.cancellations", "reason", "DEADLINE");
		HttpResponse<String> response;
		long start;
		try (LogRecorder logs = new LogRecorder()) {
			start = System.nanoTime();
			response = Http.get(this.port, "/cn03");
			long answered = System.nanoTime() - start;
			assertThat(response.statusCode()).isEqualTo(504);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("\"status\":504").doesNotContain("Exception").doesNotContain("\tat ");
			assertThat(answered).isBetween(ms(500), ms(500) + Tolerance.millis(100));
			long deadline = start + ms(500);
			TaskEvents.Completed c1 = awaitCompleted("C1");
			TaskEvents.Completed c2 = awaitCompleted("C2");
			assertThat(List.of(c1, c2)).allSatisfy((completed) -> {
				assertThat(completed.outcome()).isEqualTo(TaskOutcome.CANCELLED);
				assertThat(completed.nanos()).isGreaterThanOrEqualTo(deadline)
					.isLessThanOrEqualTo(deadline + Tolerance.millis(100));
			});
			assertThat(this.recorder.<CancellationToken>get("C1.token").getReason())
				.isEqualTo(CancellationReason.DEADLINE);
			assertThat(this.recorder.<CancellationToken>get("C2.token").getReason())
				.isEqualTo(CancellationReason.DEADLINE);
			assertThat(this.events.cancelled()).anyMatch((event) -> event.reason() == CancellationReason.DEADLINE);
			assertThat(counter("concurrency.cancellations", "reason", "DEADLINE"))
				.isGreaterThan(deadlineCancellationsBefore);
			// C3 is still running
			assertThat(counter("concurrency.tasks.completed", "outcome", "CANCELLED") - cancelledBefore).isEqualTo(2);
			await().atMost(Duration.ofSeconds(3))
				.until(() -> this.events.leaked().stream().anyMatch((leaked) -> leaked.leak().getName().equals("C3")));
			TaskEvents.Leaked c3 = this.events.leaked().get(0);
			assertThat(c3.leak().getName()).isEqualTo("C3");
			assertThat(c3.leak().reason()).isEqualTo(LeakReason.IGNORED_CANCELLATION);
			assertThat(c3.nanos()).isGreaterThanOrEqualTo(deadline + ms(500))
				.isLessThanOrEqualTo(deadline + ms(1000) + Tolerance.millis(100));
			assertThat(this.events.completed()).filteredOn((completed) -> completed.outcome() == TaskOutcome.CANCELLED)
				.extracting(TaskEvents.Completed::name)
				.containsExactlyInAnyOrder("C1", "C2");
			assertThat(this.recorder.<CancellationToken>get("C3.token").getReason())
				.isEqualTo(CancellationReason.DEADLINE);
			assertThat(logs.atLevel(Level.ERROR)).isEmpty();
		}
	}

	private TaskEvents.Completed awaitCompleted(String name) {
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.events.completed().stream().anyMatch((completed) -> completed.name().equals(name)));
		return this.events.completed()
			.stream()
			.filter((completed) -> completed.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private double counter(String name, String tag, String value) {
		return this.meterRegistry.get(name).tag(tag, value).counter().count();
	}

	private static long ms(long millis) {
		return TimeUnit.MILLISECONDS.toNanos(millis);
	}

}
