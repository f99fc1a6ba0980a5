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

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interrupt that ends a request at its deadline reaches neither the response written
 * after it nor the next request served by the same pooled Tomcat thread.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.tomcat.threads.max=1", "server.tomcat.threads.min-spare=1" })
class InterruptDoesNotLeakTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Recorder recorder;

	@Test
	void interruptAtTheDeadlineShouldNotReachTheNextRequestOnTheSameThread() {
		this.recorder.clear();
		HttpResponse<String> interrupted = Http.get(this.port, "/sleep?millis=5000", "X-Request-Timeout", "200");
		assertThat(interrupted.statusCode()).isEqualTo(504);
		this.recorder.nanos("sleep.interrupted");
		String thread = this.recorder.get("sleep.thread");
		HttpResponse<String> next = Http.get(this.port, "/interrupted");
		assertThat(next.statusCode()).isEqualTo(200);
		assertThat(next.body()).isEqualTo(thread + " false");
	}

	@Test
	void answerWrittenWhileTheDeadlineInterruptIsSetShouldReachTheCaller() {
		this.recorder.clear();
		HttpResponse<String> response = Http.get(this.port, "/fallback?millis=5000", "X-Request-Timeout", "200");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("partial");
		// a dropped connection makes the JDK client send an idempotent request again
		assertThat(this.recorder.<Integer>get("fallback.runs")).as("runs of the handler").isEqualTo(1);
	}

}
