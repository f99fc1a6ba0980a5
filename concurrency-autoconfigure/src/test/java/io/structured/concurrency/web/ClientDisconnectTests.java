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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskKind;
import io.structured.concurrency.core.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a client that goes away does to its request, on Tomcat: measured for blocking and
 * asynchronous handlers, with and without writes.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concurrency.request.default-timeout=10s")
class ClientDisconnectTests {

	// the handlers that stream write every 50 ms
	private static final long WRITE_INTERVAL_MILLIS = 50;

	// a disconnect shows at the first or second write after it, about 100 ms on an idle
	// machine; the bound leaves room for a busy one
	private static final long DETECTION_BOUND = TimeUnit.SECONDS.toNanos(1);

	@LocalServerPort
	private int port;

	@Autowired
	private Recorder recorder;

	@Autowired
	private TaskRegistry registry;

	private final TaskEvents events = new TaskEvents();

	@BeforeEach
	void listen() {
		Http.get(this.port, "/interrupted");
		this.recorder.clear();
		this.registry.addListener(this.events);
	}

	@AfterEach
	void stopListening() {
		this.registry.removeListener(this.events);
	}

	@Test
	void blockingHandlerThatWritesShouldSeeTheDisconnectAtItsNextWrites() throws Exception {
		long closed = disconnectAfterFirstChunk("/stream", "stream.token");
		long detected = awaitRequestCancelled(CancellationReason.CLIENT_DISCONNECTED);
		long delay = detected - closed;
		System.out.println("Client disconnect seen by a blocking handler writing every " + WRITE_INTERVAL_MILLIS
				+ " ms after " + TimeUnit.NANOSECONDS.toMillis(delay) + " ms");
		assertThat(delay).isPositive().isLessThanOrEqualTo(DETECTION_BOUND);
		this.recorder.nanos("stream.end");
	}

	@Test
	void asynchronousHandlerThatWritesShouldSeeTheDisconnectAtItsNextWrites() throws Exception {
		long closed = disconnectAfterFirstChunk("/emitter", "emitter.token");
		long detected = awaitRequestCancelled(CancellationReason.CLIENT_DISCONNECTED);
		long delay = detected - closed;
		System.out.println("Client disconnect seen by an asynchronous handler writing every " + WRITE_INTERVAL_MILLIS
				+ " ms after " + TimeUnit.NANOSECONDS.toMillis(delay) + " ms");
		assertThat(delay).isPositive().isLessThanOrEqualTo(DETECTION_BOUND);
	}

	@Test
	void blockingHandlerThatWritesNothingShouldNotSeeTheDisconnect() throws Exception {
		try (Socket socket = send("/quiet", "10000")) {
			this.recorder.awaitValue("quiet.token");
			Thread.sleep(200);
		}
		// the handler waits 1 s for its token after the client went away
		assertThat(this.recorder.<CancellationReason>awaitValue("quiet.reason")).isNull();
	}

	@Test
	void asynchronousHandlerThatWritesNothingShouldNotSeeTheDisconnectBeforeItsDeadline() throws Exception {
		CancellationToken token;
		try (Socket socket = send("/deferred", "1000")) {
			token = this.recorder.awaitValue("deferred.token");
			Thread.sleep(200);
		}
		await().atMost(Duration.ofSeconds(5)).until(token::isCancelled);
		assertThat(token.getReason()).isEqualTo(CancellationReason.DEADLINE);
	}

	private long disconnectAfterFirstChunk(String path, String tokenKey) throws IOException {
		try (Socket socket = send(path, "10000")) {
			this.recorder.awaitValue(tokenKey);
			InputStream in = socket.getInputStream();
			assertThat(RawHttp.readAtLeast(in, 1)).startsWith("HTTP/1.1 200");
		}
		return System.nanoTime();
	}

	private Socket send(String path, String timeoutMillis) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port);
		OutputStream out = socket.getOutputStream();
		out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Timeout: " + timeoutMillis + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return socket;
	}

	private long awaitRequestCancelled(CancellationReason reason) {
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.events.cancelled()
				.stream()
				.anyMatch((event) -> event.node().getKind() == TaskKind.REQUEST && event.reason() == reason));
		return this.events.cancelled()
			.stream()
			.filter((event) -> event.node().getKind() == TaskKind.REQUEST && event.reason() == reason)
			.findFirst()
			.orElseThrow()
			.nanos();
	}

}
