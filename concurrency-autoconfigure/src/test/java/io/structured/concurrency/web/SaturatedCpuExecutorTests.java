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
import java.util.concurrent.CountDownLatch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.web.servlet.ProblemTypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TP-02: a rejection reported as 503 with {@code Retry-After}, not as 500, on a real
 * Tomcat.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concurrency.executors.cpu.threads=1", "concurrency.executors.cpu.queue-capacity=0",
				"management.endpoints.web.exposure.include=tasks" })
class SaturatedCpuExecutorTests {

	@LocalServerPort
	private int port;

	@Autowired
	@Qualifier(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME)
	private BoundedExecutor cpu;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void rejectedForkShouldBeAnswered503WithRetryAfter() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		try (LogRecorder logs = new LogRecorder()) {
			this.cpu.execute("long task", () -> {
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			await().atMost(Duration.ofSeconds(5)).until(() -> this.cpu.getActiveCount() == 1);
			long rejectedBefore = this.cpu.getRejectedCount();
			double meterBefore = rejectedMeter();
			HttpResponse<String> response = Http.get(this.port, "/fanout");
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("\"type\":\"" + ProblemTypes.EXECUTOR_SATURATED + "\"")
				.contains("\"status\":503")
				.doesNotContain("\tat ");
			assertThat(this.cpu.getRejectedCount() - rejectedBefore).isEqualTo(1);
			assertThat(rejectedMeter() - meterBefore).isEqualTo(1);
			HttpResponse<String> tasks = Http.get(this.port, "/actuator/tasks");
			assertThat(tasks.statusCode()).isEqualTo(200);
			assertThat(tasks.body()).containsPattern("\"cpu\":\\{[^}]*\"rejected\":" + (rejectedBefore + 1) + "[,}]");
			assertThat(logs.atLevel(Level.ERROR)).isEmpty();
			List<ILoggingEvent> warnings = logs.starterWarnings();
			assertThat(warnings).hasSize(1);
			assertThat(warnings.get(0).getThrowableProxy()).isNull();
		}
		finally {
			release.countDown();
		}
	}

	private double rejectedMeter() {
		return this.meterRegistry.get("concurrency.executor.rejected").tag("name", "cpu").functionCounter().count();
	}

}
