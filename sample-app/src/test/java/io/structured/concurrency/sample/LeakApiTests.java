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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the leak endpoint over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concurrency.tasks.leak-grace=200ms")
class LeakApiTests {

	@LocalServerPort
	private int port;

	private SampleClient client;

	@BeforeEach
	void createClient() {
		this.client = new SampleClient(this.port);
	}

	@Test
	void leakShouldAnswer202AtOnceAndBeReportedAsLeakedOnceGracePeriodPassed() throws Exception {
		HttpResponse<String> response = this.client.get("/leak?millis=1500");
		assertThat(response.statusCode()).isEqualTo(202);
		long taskId = this.client.json(response).get("taskId").asLong();
		assertThat(this.client.get("/actuator/tasks/" + taskId).statusCode())
			.as("task still running after the response")
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
			HttpResponse<String> tasks = this.client.get("/actuator/tasks");
			assertThat(tasks.statusCode()).isEqualTo(200);
			assertThat(this.client.json(tasks).get("leaks")).anySatisfy((leak) -> {
				assertThat(leak.get("id").asLong()).isEqualTo(taskId);
				assertThat(leak.get("name").asString()).isEqualTo("legacy-report-export");
				assertThat(leak.get("reason").asString()).isEqualTo("OUTLIVED_SCOPE");
				assertThat(leak.get("owner").asString()).isEqualTo("GET /leak");
			});
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "/leak", "/leak?millis=", "/leak?millis=0", "/leak?millis=-5", "/leak?millis=60001",
			"/leak?millis=abc", "/leak?millis=99999999999999999999" })
	void leakWithInvalidMillisShouldAnswer400Problem(String pathAndQuery) throws Exception {
		HttpResponse<String> response = this.client.get(pathAndQuery);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

}
