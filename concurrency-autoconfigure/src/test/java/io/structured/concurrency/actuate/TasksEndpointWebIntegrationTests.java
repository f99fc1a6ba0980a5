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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.cpu.CpuLimit;
import io.structured.concurrency.cpu.CpuLimitMonitor;
import io.structured.concurrency.testapp.TasksTestApplication;
import io.structured.concurrency.testapp.Workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TasksEndpoint} over HTTP, with the default (read-only) access.
 */
@DirtiesContext
@SpringBootTest(classes = TasksTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "concurrency.tasks.creation-site=true",
				"concurrency.tasks.show-thread-names=true", "management.endpoints.web.exposure.include=tasks,health",
				"management.endpoint.health.show-details=always", "concurrency.tasks.leak-grace=100ms" })
class TasksEndpointWebIntegrationTests {

	private static final List<String> NODE_FIELDS = List.of("id", "kind", "name", "state", "thread", "startedAt",
			"ageMillis", "deadline", "remainingMillis", "cancelReason", "children");

	private static final List<String> LEAK_FIELDS = List.of("id", "name", "reason", "owner", "ageMillis", "thread",
			"creationSite");

	private static final List<String> EXECUTOR_FIELDS = List.of("corePoolSize", "maxPoolSize", "poolSize", "active",
			"queued", "queueCapacity", "completed", "rejected");

	@LocalServerPort
	private int port;

	@Autowired
	private Workload workload;

	@Autowired
	private CpuLimitMonitor cpuLimitMonitor;

	@AfterEach
	void release() {
		this.workload.releaseAndAwaitIdle();
	}

	@Test
	void tasksShouldAnswerWithEveryDocumentedField() throws Exception {
		RequestScope request = this.workload.openRequest("GET /orders/{id}");
		long stubbornId = request.getNode()
			.getChildren()
			.stream()
			.filter((child) -> child.getName().equals("ignores-cancel"))
			.findFirst()
			.orElseThrow()
			.getId();
		long auditId = this.workload.fireAndForget("POST /fire");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> http().get("/actuator/tasks").get("summary").get("leaked").asInt() == 2);
		JsonNode tasks = http().get("/actuator/tasks");
		assertThat(tasks.propertyNames()).containsExactly("cpu", "executors", "summary", "roots", "leaks");
		JsonNode cpu = tasks.get("cpu");
		assertThat(cpu.propertyNames()).containsExactly("limit", "source", "availableProcessors");
		assertThat(cpu.get("limit").isNumber()).isTrue();
		CpuLimit limit = this.cpuLimitMonitor.getCpuLimit();
		assertThat(cpu.get("limit").asDouble()).isEqualTo(limit.limit());
		assertThat(cpu.get("source").asString()).isEqualTo(limit.source().name());
		assertThat(cpu.get("availableProcessors").asInt()).isEqualTo(limit.availableProcessors());
		JsonNode executors = tasks.get("executors");
		assertThat(executors.propertyNames()).containsExactlyInAnyOrder("cpu", "io");
		for (JsonNode executor : executors.values()) {
			assertThat(executor.propertyNames()).containsExactlyElementsOf(EXECUTOR_FIELDS);
			assertThat(executor.values()).allMatch(JsonNode::isNumber);
		}
		assertThat(executors.get("io").get("active").asInt()).isEqualTo(4);
		JsonNode summary = tasks.get("summary");
		assertThat(summary.propertyNames()).containsExactly("active", "leaked", "tracked", "truncated");
		assertThat(summary.get("active").asInt()).isEqualTo(5);
		assertThat(summary.get("tracked").asInt()).isEqualTo(5);
		assertThat(summary.get("leaked").asInt()).isEqualTo(2);
		assertThat(summary.get("truncated").asBoolean()).isFalse();
		JsonNode root = EndpointClient.named(tasks.get("roots"), "GET /orders/{id}");
		assertThat(root.propertyNames()).containsExactlyElementsOf(NODE_FIELDS);
		assertThat(root.get("kind").asString()).isEqualTo("REQUEST");
		assertThat(root.get("state").asString()).isEqualTo("RUNNING");
		assertThat(Instant.parse(root.get("startedAt").asString())).isBefore(Instant.now());
		assertThat(root.get("ageMillis").asLong()).isNotNegative();
		assertThat(Instant.parse(root.get("deadline").asString())).isAfter(Instant.now());
		assertThat(root.get("remainingMillis").asLong()).isBetween(1L, 30_000L);
		assertThat(root.get("cancelReason").isNull()).isTrue();
		assertThat(root.get("children").size()).isEqualTo(3);
		for (JsonNode child : root.get("children")) {
			assertThat(child.propertyNames()).containsExactlyElementsOf(NODE_FIELDS);
			assertThat(child.get("kind").asString()).isEqualTo("TASK");
			assertThat(child.get("thread").asString()).startsWith("io-");
			assertThat(child.get("deadline").asString()).isEqualTo(root.get("deadline").asString());
		}
		JsonNode stubborn = EndpointClient.named(root.get("children"), "ignores-cancel");
		assertThat(stubborn.get("state").asString()).isEqualTo("CANCELLING");
		assertThat(stubborn.get("cancelReason").asString()).isEqualTo("MANUAL");
		assertThat(EndpointClient.named(root.get("children"), "fetch-prices").get("state").asString())
			.isEqualTo("RUNNING");
		JsonNode audit = leak(tasks, auditId);
		assertThat(audit.propertyNames()).containsExactlyElementsOf(LEAK_FIELDS);
		assertThat(audit.get("name").asString()).isEqualTo("audit");
		assertThat(audit.get("reason").asString()).isEqualTo("OUTLIVED_SCOPE");
		assertThat(audit.get("owner").asString()).isEqualTo("POST /fire");
		assertThat(audit.get("ageMillis").asLong()).isNotNegative();
		assertThat(audit.get("thread").asString()).startsWith("io-");
		assertThat(audit.get("creationSite").values()).isNotEmpty()
			.first()
			.satisfies((frame) -> assertThat(frame.asString())
				.startsWith("io.structured.concurrency.testapp.Workload.fireAndForget(Workload.java:"));
		JsonNode ignored = leak(tasks, stubbornId);
		assertThat(ignored.get("reason").asString()).isEqualTo("IGNORED_CANCELLATION");
		assertThat(ignored.get("owner").asString()).isEqualTo("GET /orders/{id}");
	}

	@Test
	void tasksWithLimitShouldListThatManyNodesAndSayTruncated() throws Exception {
		this.workload.openRequest("GET /orders/{id}");
		JsonNode tasks = http().get("/actuator/tasks?limit=2");
		assertThat(EndpointClient.countNodes(tasks.get("roots"))).isEqualTo(2);
		assertThat(tasks.get("summary").get("truncated").asBoolean()).isTrue();
		assertThat(http().send("GET", "/actuator/tasks?limit=-1").statusCode()).isEqualTo(400);
	}

	@Test
	void taskByIdShouldIncludeStackOfEachRunningThread() throws Exception {
		RequestScope request = this.workload.openRequest("GET /orders/{id}");
		JsonNode subtree = http().get("/actuator/tasks/" + request.getNode().getId());
		assertThat(subtree.propertyNames()).containsExactly("node", "truncated");
		JsonNode node = subtree.get("node");
		assertThat(node.get("name").asString()).isEqualTo("GET /orders/{id}");
		assertThat(node.has("stack")).isFalse();
		assertThat(node.get("children").size()).isEqualTo(3);
		for (JsonNode child : node.get("children")) {
			List<String> stack = new ArrayList<>();
			child.get("stack").values().forEach((frame) -> stack.add(frame.asString()));
			assertThat(stack).anySatisfy((frame) -> assertThat(frame).contains("CountDownLatch.await"))
				.anySatisfy((frame) -> assertThat(frame).contains("io.structured.concurrency.testapp.Workload"));
		}
		assertThat(http().send("GET", "/actuator/tasks/987654321").statusCode()).isEqualTo(404);
	}

	@Test
	void deleteWhenAccessIsReadOnlyShouldBeRefused() throws Exception {
		RequestScope request = this.workload.openRequest("GET /orders/{id}");
		HttpResponse<String> response = http().send("DELETE", "/actuator/tasks/" + request.getNode().getId());
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(request.getToken().isCancelled()).isFalse();
		assertThat(request.getToken().getReason()).isNotEqualTo(CancellationReason.MANUAL);
	}

	@Test
	void healthShouldReportConcurrencyContributorUpWithSummary() throws Exception {
		this.workload.fireAndForget("POST /fire");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> http().get("/actuator/health")
				.get("components")
				.get("concurrency")
				.get("details")
				.get("leaked")
				.asInt() == 1);
		JsonNode concurrency = http().get("/actuator/health").get("components").get("concurrency");
		assertThat(concurrency.get("status").asString()).isEqualTo("UP");
		assertThat(concurrency.get("details").propertyNames()).containsExactlyInAnyOrder("active", "leaked", "tracked",
				"truncated");
	}

	private static JsonNode leak(JsonNode tasks, long id) {
		for (JsonNode leak : tasks.get("leaks")) {
			if (leak.get("id").asLong() == id) {
				return leak;
			}
		}
		throw new AssertionError("No leak with id " + id + " in " + tasks.get("leaks"));
	}

	private EndpointClient http() {
		return new EndpointClient(this.port, Duration.ofSeconds(30));
	}

}
