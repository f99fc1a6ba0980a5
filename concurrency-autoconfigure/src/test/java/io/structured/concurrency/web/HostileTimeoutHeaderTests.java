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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DL-01: hostile {@code X-Request-Timeout} values, one request per row, on a real Tomcat.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concurrency.request.default-timeout=10s")
class HostileTimeoutHeaderTests {

	private static final long DEFAULT = 10_000;

	private static final long MAX = 300_000;

	// the probe reads the clock to within 10 ms
	private static final long PRECISION_MILLIS = 10;

	@LocalServerPort
	private int port;

	@Autowired
	private Recorder recorder;

	@Autowired
	private MeterRegistry meterRegistry;

	static Stream<Arguments> rows() {
		return Stream.of(row(1, "no header", DEFAULT, 0), row(2, "1500", 1500, 0), row(3, "30000", 30_000, 0),
				row(4, "120000", 120_000, 0), row(5, "300000", MAX, 0), row(6, "86400000", MAX, 0),
				row(7, "9223372036854775807", MAX, 0), row(8, "9223372036854775808", MAX, 0),
				row(9, "99999999999999999999999", MAX, 0), row(10, "0", 0, 0), row(11, "-5000", DEFAULT, 1),
				row(12, "+1500", DEFAULT, 1), row(13, "1500.5", DEFAULT, 1), row(14, "1e3", DEFAULT, 1),
				row(15, "1500ms", DEFAULT, 1), row(16, "2S", DEFAULT, 1), row(17, "0x10", DEFAULT, 1),
				row(18, "abc", DEFAULT, 1), row(19, "", DEFAULT, 1), row(20, "\u0663\u0660\u0660", DEFAULT, 1),
				row(21, "1500|2000", DEFAULT, 1), row(22, "1500|1500", DEFAULT, 1), row(23, "1500, 2000", DEFAULT, 1));
	}

	private static Arguments row(int number, String sent, long expectedMillis, int invalidIncrement) {
		return Arguments.of(number, sent, expectedMillis, invalidIncrement);
	}

	@ParameterizedTest(name = "row {0}: ''{1}''")
	@MethodSource("rows")
	void hostileTimeoutHeader(int number, String sent, long expectedMillis, int invalidIncrement) throws IOException {
		double invalidBefore = invalidCount();
		this.recorder.clear();
		long sentAt = System.nanoTime();
		RawHttp.Response response = RawHttp.get(this.port, "/probe", headerLines(sent));
		long received = System.nanoTime();
		assertThat(response.status()).isNotEqualTo(500);
		assertThat(invalidCount() - invalidBefore).isEqualTo(invalidIncrement);
		if (expectedMillis == 0) {
			assertThat(response.status()).isEqualTo(504);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.body()).contains("\"status\":504");
			assertThat(this.recorder.has("probe.calls")).as("handler called").isFalse();
			return;
		}
		assertThat(response.status()).isEqualTo(200);
		assertThat((Integer) this.recorder.get("probe.calls")).isEqualTo(1);
		String[] probe = response.body().split(" ");
		long remainingNanos = Long.parseLong(probe[0]);
		long readAt = Long.parseLong(probe[1]);
		long expected = TimeUnit.MILLISECONDS.toNanos(expectedMillis);
		long precision = TimeUnit.MILLISECONDS.toNanos(PRECISION_MILLIS);
		assertThat(remainingNanos).isPositive().isLessThanOrEqualTo(expected);
		// the deadline is the expected timeout after the request arrived, which was
		// between sending and receiving; the test and the server share the clock
		long deadline = readAt + remainingNanos;
		assertThat(deadline).isBetween(sentAt + expected - precision, received + expected + precision);
	}

	private static byte[][] headerLines(String sent) {
		if (sent.equals("no header")) {
			return new byte[0][];
		}
		return Stream.of(sent.split("\\|", -1))
			.map((value) -> RawHttp.line("X-Request-Timeout: " + value))
			.toArray(byte[][]::new);
	}

	private double invalidCount() {
		Counter counter = this.meterRegistry.find("concurrency.deadline.header.invalid").counter();
		return (counter != null) ? counter.count() : 0;
	}

}
