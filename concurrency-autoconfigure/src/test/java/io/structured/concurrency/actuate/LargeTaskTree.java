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

package io.structured.concurrency.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.testapp.TasksTestApplication;
import io.structured.concurrency.testsupport.Timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Case LK-03: the {@code tasks} endpoint with 50 000 live tasks on virtual threads, on a
 * heap of 256 MB. Each variant runs in a JVM of its own (the {@code heap-256m} surefire
 * execution forks one per test class), so that neither inherits the other's heap.
 */
final class LargeTaskTree {

	static final int TASKS = 50_000;

	private static final Duration WAIT = Duration.ofSeconds(60);

	private LargeTaskTree() {
	}

	/**
	 * Park 50 000 tasks on one latch in a fresh application, check the endpoint's
	 * answers, then let the tasks end.
	 * @param maxTracked the value of {@code concurrency.tasks.max-tracked}, or
	 * {@code null} for the default
	 * @param expectedTracked how many of the tasks the registry should track
	 * @throws Exception if the application fails
	 */
	static void run(@Nullable Integer maxTracked, int expectedTracked) throws Exception {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(TasksTestApplication.class).properties(
				"server.port=0", "server.address=127.0.0.1", "management.endpoints.web.exposure.include=tasks",
				"concurrency.executors.io.max-concurrency=" + TASKS, "spring.main.banner-mode=off");
		if (maxTracked != null) {
			builder.properties("concurrency.tasks.max-tracked=" + maxTracked);
		}
		try (ConfigurableApplicationContext context = builder.run()) {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			EndpointClient http = new EndpointClient(port, WAIT);
			TaskRegistry registry = context.getBean(TaskRegistry.class);
			BoundedExecutor io = context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			CountDownLatch release = new CountDownLatch(1);
			AtomicInteger completed = new AtomicInteger();
			// the first request initializes the dispatcher servlet and the JSON writers:
			// what is measured below is the dump of a large tree, not that
			assertThat(http.send("GET", "/actuator/tasks?limit=1").statusCode()).isEqualTo(200);
			try {
				for (int i = 0; i < TASKS; i++) {
					io.execute(() -> {
						try {
							release.await();
							completed.incrementAndGet();
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
					});
				}
				await().atMost(WAIT).until(() -> io.getActiveCount() == TASKS);
				long start = System.nanoTime();
				HttpResponse<String> response = http.send("GET", "/actuator/tasks");
				long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(elapsedMillis).as("time to answer").isLessThan(Timing.tolerance(2000).toMillis());
				assertThat(response.body()).doesNotContain("\"stack\"");
				JsonNode tasks = EndpointClient.read(response.body());
				JsonNode summary = tasks.get("summary");
				assertThat(summary.get("active").asInt()).isEqualTo(TASKS);
				assertThat(summary.get("tracked").asInt()).isEqualTo(expectedTracked);
				assertThat(summary.get("truncated").asBoolean()).isTrue();
				assertThat(EndpointClient.countNodes(tasks.get("roots"))).isEqualTo(1000);
				JsonNode limited = EndpointClient.read(http.send("GET", "/actuator/tasks?limit=10").body());
				assertThat(EndpointClient.countNodes(limited.get("roots"))).isEqualTo(10);
				long id = tasks.get("roots").get(0).get("id").asLong();
				HttpResponse<String> one = http.send("GET", "/actuator/tasks/" + id);
				assertThat(one.statusCode()).isEqualTo(200);
				JsonNode node = EndpointClient.read(one.body()).get("node");
				assertThat(node.get("id").asLong()).isEqualTo(id);
				assertThat(node.get("stack").values()).isNotEmpty()
					.anySatisfy((frame) -> assertThat(frame.asString()).contains("CountDownLatch.await"));
			}
			finally {
				release.countDown();
			}
			await().atMost(WAIT).until(() -> completed.get() == TASKS && registry.getActiveCount() == 0);
		}
	}

}
