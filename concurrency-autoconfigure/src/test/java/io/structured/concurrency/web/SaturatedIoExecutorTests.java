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
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.executor.BoundedExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TP-06: a full {@code io} executor refuses a fork at once instead of blocking the
 * request thread, on a real Tomcat.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concurrency.executors.io.max-concurrency=2", "concurrency.executors.io.queue-capacity=0" })
class SaturatedIoExecutorTests {

	@LocalServerPort
	private int port;

	@Autowired
	@Qualifier(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME)
	private BoundedExecutor io;

	@Autowired
	private Recorder recorder;

	@Test
	void forkOnAFullExecutorShouldFailFastAndBeAnswered503() {
		CountDownLatch release = new CountDownLatch(1);
		this.recorder.clear();
		try {
			for (int i = 0; i < 2; i++) {
				this.io.execute("long task " + i, () -> {
					try {
						release.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> this.io.getActiveCount() == 2);
			HttpResponse<String> response = Http.get(this.port, "/io-fork");
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			long rejectedAfter = this.recorder.<Long>get("fork.rejectedAfterNanos");
			assertThat(rejectedAfter).isLessThanOrEqualTo(Tolerance.millis(10));
		}
		finally {
			release.countDown();
		}
	}

}
