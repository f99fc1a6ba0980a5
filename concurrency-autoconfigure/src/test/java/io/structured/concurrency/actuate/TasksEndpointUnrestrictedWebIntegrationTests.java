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
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.testapp.TasksTestApplication;
import io.structured.concurrency.testapp.Workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TasksEndpoint} over HTTP, with unrestricted access.
 */
@DirtiesContext
@SpringBootTest(classes = TasksTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=tasks",
				"management.endpoint.tasks.access=unrestricted", "concurrency.tasks.leak-grace=100ms" })
class TasksEndpointUnrestrictedWebIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Workload workload;

	@AfterEach
	void release() {
		this.workload.releaseAndAwaitIdle();
	}

	@Test
	void deleteShouldCancelSubtreeWithReasonManual() throws Exception {
		RequestScope request = this.workload.openRequest("GET /orders/{id}");
		List<TaskNode> children = List.copyOf(request.getNode().getChildren());
		HttpResponse<String> response = http().send("DELETE", "/actuator/tasks/" + request.getNode().getId());
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode cancelled = EndpointClient.read(response.body());
		assertThat(cancelled.get("id").asLong()).isEqualTo(request.getNode().getId());
		assertThat(cancelled.get("name").asString()).isEqualTo("GET /orders/{id}");
		assertThat(cancelled.get("cancelled").asBoolean()).isTrue();
		assertThat(cancelled.get("reason").asString()).isEqualTo("MANUAL");
		assertThat(request.getToken().getReason()).isEqualTo(CancellationReason.MANUAL);
		assertThat(children).hasSize(3).allSatisfy((child) -> assertThat(child.getToken().isCancelled()).isTrue());
		await().atMost(Duration.ofSeconds(5))
			.until(() -> children.stream()
				.filter((child) -> !child.getName().equals("ignores-cancel"))
				.allMatch(TaskNode::isFinished));
		HttpResponse<String> again = http().send("DELETE", "/actuator/tasks/" + request.getNode().getId());
		assertThat(EndpointClient.read(again.body()).get("cancelled").asBoolean()).isFalse();
	}

	@Test
	void deleteWhenNodeIsUnknownShouldAnswerNotFound() throws Exception {
		assertThat(http().send("DELETE", "/actuator/tasks/987654321").statusCode()).isEqualTo(404);
		assertThat(http().send("GET", "/actuator/tasks/987654321").statusCode()).isEqualTo(404);
	}

	private EndpointClient http() {
		return new EndpointClient(this.port, Duration.ofSeconds(30));
	}

}
