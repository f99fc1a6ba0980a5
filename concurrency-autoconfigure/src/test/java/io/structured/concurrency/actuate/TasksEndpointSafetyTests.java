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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.testapp.TasksTestApplication;
import io.structured.concurrency.testapp.Workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that the {@code tasks} endpoint, with its default settings, gives away nothing of
 * a request beyond its route pattern: a real request carrying secrets in its path, query
 * string and headers runs through the request filter while the endpoint is read.
 */
@DirtiesContext
@SpringBootTest(classes = TasksTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "concurrency.tasks.creation-site=true",
				"concurrency.tasks.leak-grace=100ms", "management.endpoints.web.exposure.include=tasks" })
class TasksEndpointSafetyTests {

	private static final String ROUTE = "GET /orders/{id}";

	private static final List<String> SECRETS = List.of("secret-path-4711", "secret-query", "secret-request-id",
			"secret-bearer", "secret-header");

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private Workload workload;

	@Autowired
	private TaskRegistry registry;

	@AfterEach
	void release() {
		this.workload.releaseAndAwaitIdle();
	}

	@Test
	void mainViewShouldShowRoutePatternButNoPathQueryHeaderThreadOrStack() throws Exception {
		CompletableFuture<HttpResponse<String>> order = sendSecretRequest();
		long leakId = this.workload.fireAndForget("POST /fire");
		await().atMost(Duration.ofSeconds(10)).until(() -> requestWithGrandchildren() != null);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> http().get("/actuator/tasks")
				.get("leaks")
				.valueStream()
				.anyMatch((leak) -> leak.get("id").asLong() == leakId));
		String body = http().send("GET", "/actuator/tasks").body();
		JsonNode tasks = EndpointClient.read(body);
		JsonNode request = EndpointClient.named(tasks.get("roots"), ROUTE);
		assertThat(request.get("kind").asString()).isEqualTo("REQUEST");
		JsonNode scope = EndpointClient.named(request.get("children"), "lookup");
		assertThat(scope.get("children").valueStream().map((child) -> child.get("name").asString()))
			.containsExactlyInAnyOrder("fetch-prices", "fetch-stock");
		List<JsonNode> nodes = flatten(tasks.get("roots"));
		assertThat(nodes).hasSizeGreaterThanOrEqualTo(4).allSatisfy((node) -> {
			assertThat(node.get("thread").isNull()).as("thread of %s", node.get("name")).isTrue();
			assertThat(node.has("stack")).isFalse();
		});
		assertThat(tasks.get("leaks").values()).isNotEmpty().allSatisfy((leak) -> {
			assertThat(leak.get("thread").isNull()).isTrue();
			assertThat(leak.has("stack")).isFalse();
		});
		assertThat(body).doesNotContain(SECRETS).doesNotContain("http-nio").doesNotContain("\"io-");
		this.workload.release();
		HttpResponse<String> response = order.get(10, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("order secret-path-4711");
	}

	@Test
	void viewOfOneRequestShouldShowThreadsAndStacksButNoPathQueryOrHeader() throws Exception {
		CompletableFuture<HttpResponse<String>> order = sendSecretRequest();
		TaskNode request = await().atMost(Duration.ofSeconds(10))
			.until(this::requestWithGrandchildren, Objects::nonNull);
		String body = http().send("GET", "/actuator/tasks/" + request.getId()).body();
		JsonNode node = EndpointClient.read(body).get("node");
		assertThat(node.get("name").asString()).isEqualTo(ROUTE);
		JsonNode prices = EndpointClient.named(EndpointClient.named(node.get("children"), "lookup").get("children"),
				"fetch-prices");
		assertThat(prices.get("thread").asString()).startsWith("io-");
		assertThat(prices.get("stack").values()).isNotEmpty();
		assertThat(body).doesNotContain(SECRETS);
		this.workload.release();
		assertThat(order.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	// a request whose path, query string and headers each carry a value that must not
	// be shown
	private CompletableFuture<HttpResponse<String>> sendSecretRequest() {
		HttpRequest request = HttpRequest
			.newBuilder(URI
				.create("http://127.0.0.1:" + this.port + "/orders/secret-path-4711?token=secret-query&q=secret-query"))
			.header("X-Request-Id", "secret-request-id")
			.header("Authorization", "Bearer secret-bearer")
			.header("X-Custom", "secret-header")
			.header("X-Request-Timeout", "20000")
			.timeout(Duration.ofSeconds(30))
			.build();
		return this.client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

	// the request once its route is known and its two grandchildren run
	private @Nullable TaskNode requestWithGrandchildren() {
		for (TaskNode root : this.registry.getRoots()) {
			if (root.getName().equals(ROUTE) && root.getChildren()
				.stream()
				.flatMap((scope) -> scope.getChildren().stream())
				.filter((task) -> task.getThread() != null)
				.count() == 2) {
				return root;
			}
		}
		return null;
	}

	private EndpointClient http() {
		return new EndpointClient(this.port, Duration.ofSeconds(30));
	}

	private static List<JsonNode> flatten(JsonNode nodes) {
		List<JsonNode> all = new ArrayList<>();
		for (JsonNode node : nodes) {
			all.add(node);
			all.addAll(flatten(node.get("children")));
		}
		return all;
	}

}
