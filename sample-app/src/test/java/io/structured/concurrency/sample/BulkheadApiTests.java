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

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the per-supplier bulkheads over real HTTP, with room for one hotel call at a
 * time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concurrency.bulkheads.hotels.max-concurrent-calls=1")
class BulkheadApiTests {

	@LocalServerPort
	private int port;

	private SampleClient client;

	@BeforeEach
	void createClient() {
		this.client = new SampleClient(this.port);
	}

	@Test
	void bulkheadsShouldBeNamedAfterTheSuppliers() throws Exception {
		HttpResponse<String> response = this.client
			.get("/actuator/metrics/resilience4j.bulkhead.max.allowed.concurrent.calls");
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> names = new ArrayList<>();
		for (JsonNode tag : this.client.json(response).get("availableTags")) {
			if (tag.get("tag").asString().equals("name")) {
				tag.get("values").forEach((value) -> names.add(value.asString()));
			}
		}
		assertThat(names).contains("flights", "hotels", "cars");
	}

	@Test
	void quotesWhenSupplierBulkheadIsFullShouldAnswer503WithRetryAfter() throws Exception {
		CompletableFuture<HttpResponse<String>> slow = this.client.getAsync("/quotes?city=paris&delay=hotels:2000");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(availableHotelCalls()).isZero());
		HttpResponse<String> refused = this.client.get("/quotes?city=paris");
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(this.client.json(refused).get("type").asString())
			.isEqualTo("urn:structured-concurrency:problem:bulkhead-full");
		assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		HttpResponse<String> rejected = this.client
			.get("/actuator/metrics/concurrency.bulkhead.rejected?tag=name:hotels");
		assertThat(rejected.statusCode()).isEqualTo(200);
		assertThat(this.client.json(rejected).get("measurements").get(0).get("value").asDouble()).isOne();
	}

	private double availableHotelCalls() throws Exception {
		HttpResponse<String> response = this.client
			.get("/actuator/metrics/resilience4j.bulkhead.available.concurrent.calls?tag=name:hotels");
		assertThat(response.statusCode()).isEqualTo(200);
		return this.client.json(response).get("measurements").get(0).get("value").asDouble();
	}

}
