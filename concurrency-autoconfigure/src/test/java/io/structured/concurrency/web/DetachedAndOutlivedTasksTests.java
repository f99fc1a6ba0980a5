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
import io.structured.concurrency.core.LeakRecord;
import io.structured.concurrency.core.TaskKind;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DL-05 (work that must outlive the caller) and CX-03 with
 * {@code concurrency.request.outlived-tasks=report} (the request finishes before its
 * async child), on a real Tomcat.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concurrency.tasks.leak-grace=100ms")
class DetachedAndOutlivedTasksTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Recorder recorder;

	@Autowired
	private TaskRegistry registry;

	@Autowired
	private MeterRegistry meterRegistry;

	// samples the leaked-tasks gauge when a leak is reported, while the task still runs
	private final TaskEvents events = new TaskEvents(
			() -> this.meterRegistry.get("concurrency.tasks.leaked").gauge().value());

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
	void detachedWorkShouldOutliveTheRequestAndItsDeadline() throws InterruptedException {
		// keep the first use of scopes and detached tasks out of the timed case
		assertThat(Http.get(this.port, "/detached?warmUp=true").body()).isEqualTo("warm");
		long start = System.nanoTime();
		HttpResponse<String> response = Http.get(this.port, "/detached", "X-Request-Id", "req-d", "X-Request-Timeout",
				"500");
		long end = System.nanoTime();
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(end - start)
			.as("answered after %d ms; the handler's join ended after %d ms, its scope closed after %d ms",
					Tolerance.toMillis(end - start), Tolerance.toMillis(this.recorder.nanos("detached.joined") - start),
					Tolerance.toMillis(this.recorder.nanos("detached.closed") - start))
			.isBetween(TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.MILLISECONDS.toNanos(500) + Tolerance.millis(100));
		CancellationToken ordinary = this.recorder.awaitValue("ordinary.token");
		assertThat(ordinary.getReason()).isEqualTo(CancellationReason.DEADLINE);
		TaskEvents.Cancelled ordinaryCancelled = this.events.cancelled()
			.stream()
			.filter((cancelled) -> cancelled.node().getName().equals("ordinary"))
			.findFirst()
			.orElseThrow();
		assertThat(ordinaryCancelled.nanos() - start).isBetween(TimeUnit.MILLISECONDS.toNanos(500),
				TimeUnit.MILLISECONDS.toNanos(500) + Tolerance.millis(100));
		TaskNode detached = this.recorder.awaitValue("detached.node");
		sleepUntil(start + TimeUnit.MILLISECONDS.toNanos(800));
		List<TaskNode> roots = this.registry.getRoots();
		assertThat(roots).contains(detached);
		assertThat(detached.getKind()).isEqualTo(TaskKind.TASK);
		assertThat(detached.getParent()).isNull();
		assertThat(this.events.leaked()).isEmpty();
		long elapsed = this.recorder.nanos("detached.elapsed");
		assertThat(elapsed).isBetween(TimeUnit.MILLISECONDS.toNanos(1000),
				TimeUnit.MILLISECONDS.toNanos(1000) + Tolerance.millis(100));
		assertThat(this.recorder.<Integer>get("detached.runs")).as("runs of the detached task").isEqualTo(1);
		CancellationToken detachedToken = this.recorder.awaitValue("detached.token");
		assertThat(detachedToken.isCancelled()).isFalse();
		assertThat(this.recorder.<String>get("detached.mdc.originRequestId")).isEqualTo("req-d");
		assertThat(this.recorder.<String>get("detached.mdc.requestId")).isNull();
		await().atMost(Duration.ofSeconds(2)).until(detached::isFinished);
		assertThat(this.events.leaked()).isEmpty();
	}

	@Test
	void childThatOutlivesItsRequestShouldBeReportedAsLeaked() {
		int leakedBefore = this.registry.getLeakedCount();
		HttpResponse<String> response = Http.send("POST", this.port, "/fire", "X-Request-Id", "req-9");
		long responded = System.nanoTime();
		assertThat(response.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.events.leaked().isEmpty());
		TaskEvents.Leaked leaked = this.events.leaked().get(0);
		LeakRecord leak = leaked.leak();
		assertThat(leak.reason()).isEqualTo(LeakReason.OUTLIVED_SCOPE);
		assertThat(leak.owner()).isEqualTo("POST /fire");
		assertThat(leak.getName()).isEqualTo("fire-child");
		long childEnd = this.recorder.nanos("fire.end");
		assertThat(leaked.nanos()).isGreaterThanOrEqualTo(this.recorder.nanos("fire.forked") + ms(100))
			.isLessThan(childEnd);
		assertThat(leaked.nanos() - responded).isLessThanOrEqualTo(ms(200) + Tolerance.millis(100));
		assertThat(leaked.sampled()).isEqualTo(leakedBefore + 1);
		assertThat(this.registry.getLeaks()).extracting(LeakRecord::node).contains(leak.node());
		assertThat(this.recorder.<String>get("fire.requestId")).isEqualTo("req-9");
		assertThat(this.recorder.has("fire.attributes")).isTrue();
		assertThat(this.recorder.<Object>get("fire.attributes")).isNull();
		assertThat(this.recorder.has("fire.failure")).isFalse();
		assertThat(this.recorder.has("fire.interrupted")).isFalse();
		CancellationToken requestToken = this.recorder.awaitValue("fire.token");
		assertThat(requestToken.isCancelled()).isFalse();
	}

	private static long ms(long millis) {
		return TimeUnit.MILLISECONDS.toNanos(millis);
	}

	private static void sleepUntil(long nanos) throws InterruptedException {
		long left = nanos - System.nanoTime();
		if (left > 0) {
			TimeUnit.NANOSECONDS.sleep(left);
		}
	}

}
