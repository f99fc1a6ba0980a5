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

package io.structured.concurrency.sample;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import io.structured.concurrency.core.TaskKind;
import io.structured.concurrency.core.TaskListener;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskOutcome;
import io.structured.concurrency.core.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the quote API over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concurrency.tasks.leak-grace=200ms")
@ExtendWith(OutputCaptureExtension.class)
class QuoteApiTests {

	private static final Set<String> SUPPLIERS = Set.of("flights", "hotels", "cars");

	@LocalServerPort
	private int port;

	@Autowired
	private TaskRegistry registry;

	private SampleClient client;

	@BeforeEach
	void createClient() {
		this.client = new SampleClient(this.port);
	}

	@Test
	void quotesShouldListTheOfferOfEverySupplierAndTheirTotal() throws Exception {
		HttpResponse<String> response = this.client.get("/quotes?city=paris");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode quote = this.client.json(response);
		assertThat(quote.get("city").asString()).isEqualTo("Paris");
		List<String> suppliers = new ArrayList<>();
		BigDecimal sum = BigDecimal.ZERO;
		for (JsonNode offer : quote.get("quotes")) {
			suppliers.add(offer.get("supplier").asString());
			assertThat(offer.get("offer").asString()).contains("Paris");
			assertThat(offer.get("price").decimalValue()).isPositive();
			sum = sum.add(offer.get("price").decimalValue());
		}
		assertThat(suppliers).containsExactly("flights", "hotels", "cars");
		assertThat(quote.get("total").decimalValue()).isEqualByComparingTo(sum);
	}

	@Test
	void quotesWhenCallerSendsTimeoutShouldGiveEverySupplierLessTime() throws Exception {
		HttpResponse<String> response = this.client.get("/quotes?city=paris", "X-Request-Timeout", "2000");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode quotes = this.client.json(response).get("quotes");
		assertThat(quotes.size()).isEqualTo(3);
		for (JsonNode offer : quotes) {
			JsonNode received = offer.get("receivedTimeoutMillis");
			assertThat(received.isNumber()).as("timeout received by %s", offer.get("supplier")).isTrue();
			assertThat(received.asLong()).isBetween(1000L, 1999L);
		}
	}

	@Test
	void quotesDuringSlowCallShouldShowRequestTreeWithRunningSupplierTasksInTasksEndpoint() throws Exception {
		CompletableFuture<HttpResponse<String>> response = this.client
			.getAsync("/quotes?city=paris&delay=flights:1500,hotels:1500,cars:1500");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			HttpResponse<String> tasks = this.client.get("/actuator/tasks");
			assertThat(tasks.statusCode()).isEqualTo(200);
			List<String> running = new ArrayList<>();
			for (JsonNode root : this.client.json(tasks).get("roots")) {
				if (root.get("kind").asString().equals("REQUEST")
						&& root.get("name").asString().equals("GET /quotes")) {
					collectRunningTasks(root, running);
				}
			}
			assertThat(running).containsAll(SUPPLIERS);
		});
		assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	@Test
	void quotesWhenDeadlinePassesShouldAnswer504WithinOneSecondAndLeaveNoTask() throws Exception {
		String requestId = "deadline-" + UUID.randomUUID();
		long start = System.nanoTime();
		HttpResponse<String> response = this.client.get("/quotes?city=paris&delay=hotels:3000", "X-Request-Timeout",
				"300", "X-Request-Id", requestId);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/problem+json"));
		assertThat(elapsed).isLessThan(Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(liveNodesOf(requestId)).isEmpty());
	}

	@Test
	void auditWhenDeadlinePassedShouldStillBeWrittenWithOriginRequestId(CapturedOutput output) throws Exception {
		String requestId = "audit-" + UUID.randomUUID();
		HttpResponse<String> response = this.client.get("/quotes?city=paris&delay=hotels:3000", "X-Request-Timeout",
				"300", "X-Request-Id", requestId);
		assertThat(response.statusCode()).isEqualTo(504);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut())
				.containsPattern("request= origin=" + requestId + "\\].*outcome=DEADLINE_EXCEEDED"));
	}

	@Test
	void quotesWhenSupplierFailsShouldAnswer502WithoutWaitingForSlowSupplier() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = this.client.get("/quotes?city=paris&delay=hotels:3000&fail=cars");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.client.json(response);
		assertThat(problem.get("status").asInt()).isEqualTo(502);
		assertThat(problem.get("type").asString()).isEqualTo("urn:travel-quotes:problem:supplier-failed");
		assertThat(problem.get("supplier").asString()).isEqualTo("cars");
		assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
		await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(liveSupplierTasks()).isEmpty());
	}

	@Test
	void quotesShouldRunAnalyticsOnIoExecutorInRequestAndAuditAsDetachedTask() throws Exception {
		List<TaskNode> completed = new CopyOnWriteArrayList<>();
		TaskListener listener = new TaskListener() {

			@Override
			public void taskCompleted(TaskNode node, TaskOutcome outcome) {
				if (outcome == TaskOutcome.SUCCESS) {
					completed.add(node);
				}
			}

		};
		this.registry.addListener(listener);
		try {
			assertThat(this.client.get("/quotes?city=lisbon").statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(completed).extracting(TaskNode::getName)
					.contains("SearchAnalytics.searched", "audit-write"));
			TaskNode analytics = named(completed, "SearchAnalytics.searched");
			assertThat(analytics.getRoot().getKind()).isEqualTo(TaskKind.REQUEST);
			assertThat(analytics.getRoot().getName()).isEqualTo("GET /quotes");
			TaskNode audit = named(completed, "audit-write");
			assertThat(audit.getParent()).isNull();
		}
		finally {
			this.registry.removeListener(listener);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/quotes", "/quotes?city=", "/quotes?city=%3Cscript%3E", "/quotes?city=12345",
			"/quotes?city=paris&delay=hotels", "/quotes?city=paris&delay=boats:100",
			"/quotes?city=paris&delay=hotels:-5", "/quotes?city=paris&delay=hotels:60001",
			"/quotes?city=paris&delay=hotels:99999999999999999999", "/quotes?city=paris&delay=hotels:1,hotels:2",
			"/quotes?city=paris&fail=boats", "/suppliers/hotels?city=paris&delay=-1",
			"/suppliers/hotels?city=paris&delay=abc", "/suppliers/hotels?city=paris&delay=600000" })
	void requestsWithInvalidParametersShouldAnswer400Problem(String pathAndQuery) throws Exception {
		HttpResponse<String> response = this.client.get(pathAndQuery);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void supplierWhenUnknownShouldAnswer404() throws Exception {
		assertThat(this.client.get("/suppliers/boats?city=paris").statusCode()).isEqualTo(404);
	}

	private static void collectRunningTasks(JsonNode node, List<String> running) {
		for (JsonNode child : node.get("children")) {
			if (child.get("kind").asString().equals("TASK") && child.get("state").asString().equals("RUNNING")) {
				running.add(child.get("name").asString());
			}
			collectRunningTasks(child, running);
		}
	}

	private List<TaskNode> liveNodesOf(String requestId) {
		return this.registry.getTracked().stream().filter((node) -> requestId.equals(node.getRequestId())).toList();
	}

	private List<TaskNode> liveSupplierTasks() {
		return this.registry.getTracked()
			.stream()
			.filter((node) -> node.getKind() == TaskKind.TASK && SUPPLIERS.contains(node.getName()))
			.toList();
	}

	private static TaskNode named(List<TaskNode> nodes, String name) {
		return nodes.stream().filter((node) -> node.getName().equals(name)).findFirst().orElseThrow();
	}

}
