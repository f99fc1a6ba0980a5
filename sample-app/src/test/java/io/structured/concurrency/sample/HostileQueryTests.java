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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input: absurd query values for every endpoint of the sample, one request per
 * row over real HTTP. Each row states the status it must get: 400 with a problem that
 * names the parameter for the sample's own bad parameters, 404 for an unknown supplier,
 * the usual answer for a valid value, and 400 from the server itself for a request line
 * it refuses before the application sees it. None may answer 500 or hang: every request
 * has a time limit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concurrency.tasks.leak-grace=200ms")
class HostileQueryTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String PROBLEM = "application/problem+json";

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	static Stream<Arguments> rows() {
		return Stream.of(
				// GET /primes?limit=, 0 to 100000000
				problem("/primes", 400, "'limit'"), problem("/primes?limit=", 400, "'limit'"),
				problem("/primes?limit=-1", 400, "'limit'"), ok("/primes?limit=0", 200), ok("/primes?limit=1", 200),
				ok("/primes?limit=1000", 200), problem("/primes?limit=abc", 400, "'limit'"),
				problem("/primes?limit=1e3", 400, "'limit'"), problem("/primes?limit=0x10", 400, "'limit'"),
				problem("/primes?limit=%2B5", 400, "'limit'"), problem("/primes?limit=%20100", 400, "'limit'"),
				problem("/primes?limit=1.0", 400, "'limit'"),
				problem("/primes?limit=12345678901234567890", 400, "'limit'"),
				problem("/primes?limit=9223372036854775808", 400, "'limit'"),
				problem("/primes?limit=100000001", 400, "'limit'"),
				problem("/primes?limit=%D9%A1%D9%A0%D9%A0", 400, "'limit'"),
				problem("/primes?limit=%EF%BC%91%EF%BC%90", 400, "'limit'"),
				problem("/primes?limit=1&limit=2", 400, "'limit'"), rejected("/primes?limit=\u0661\u0660\u0660"),
				// GET /quotes?city=
				problem("/quotes", 400, "'city'"), problem("/quotes?city=", 400, "'city'"),
				problem("/quotes?city=%20%20", 400, "'city'"), ok("/quotes?city=paris", 200),
				ok("/quotes?city=Z%C3%BCrich", 200), ok("/quotes?city=%E6%9D%B1%E4%BA%AC", 200),
				problem("/quotes?city=" + "a".repeat(5000), 400, "'city'"),
				rejected("/quotes?city=" + "a".repeat(10_000)),
				problem("/quotes?city=%3Cscript%3Ealert(1)%3C%2Fscript%3E", 400, "'city'"),
				problem("/quotes?city=paris%00", 400, "'city'"), rejected("/quotes?city=%C3%28"),
				problem("/quotes?city=paris%0D%0AX-Injected:%201", 400, "'city'"),
				problem("/quotes?city=%E2%80%AEsirap", 400, "'city'"),
				problem("/quotes?city=paris&city=rome", 400, "'city'"), rejected("/quotes?city=<script>"),
				rejected("/quotes?city=Z\u00fcrich"), rejected("/quotes?city=%ZZ"),
				// GET /quotes?delay=name:millis[,name:millis], 0 to 60000 ms
				problem("/quotes?city=paris&delay=flights", 400, "'delay'"),
				problem("/quotes?city=paris&delay=flights:", 400, "'delay'"),
				problem("/quotes?city=paris&delay=flights:-5", 400, "'delay'"),
				problem("/quotes?city=paris&delay=flights:abc", 400, "'delay'"),
				problem("/quotes?city=paris&delay=flights:0x10", 400, "'delay'"),
				problem("/quotes?city=paris&delay=nosuch:100", 400, "'delay'"),
				problem("/quotes?city=paris&delay=flights:99999999999999", 400, "'delay'"),
				problem("/quotes?city=paris&delay=flights:60001", 400, "'delay'"),
				problem("/quotes?city=paris&delay=,", 400, "'delay'"),
				problem("/quotes?city=paris&delay=flights:1,hotels:1,cars:1,flights:1", 400, "'delay'"),
				problem("/quotes?city=paris&delay=" + "flights:1,".repeat(500), 400, "'delay'"),
				ok("/quotes?city=paris&delay=", 200), ok("/quotes?city=paris&delay=flights:0,hotels:0,cars:0", 200),
				ok("/quotes?city=paris&delay=flights:0&delay=hotels:0", 200),
				problem("/quotes?city=paris&delay=flights:0&delay=flights:1", 400, "'delay'"),
				// GET /quotes?fail=name
				problem("/quotes?city=paris&fail=nosuch", 400, "'fail'"),
				problem("/quotes?city=paris&fail=CARS", 400, "'fail'"),
				problem("/quotes?city=paris&fail=cars&fail=hotels", 400, "'fail'"), ok("/quotes?city=paris&fail=", 200),
				problem("/quotes?city=paris&fail=cars", 502, "'cars'"),
				// a delay past the supplier client's read timeout (5 s): the supplier
				// timed out
				problem("/quotes?city=paris&delay=hotels:5500", 504, "'hotels'"),
				// GET /leak?millis=, 1 to 60000
				problem("/leak", 400, "'millis'"), problem("/leak?millis=", 400, "'millis'"),
				problem("/leak?millis=0", 400, "'millis'"), problem("/leak?millis=-5", 400, "'millis'"),
				problem("/leak?millis=60001", 400, "'millis'"),
				problem("/leak?millis=99999999999999999999", 400, "'millis'"),
				problem("/leak?millis=abc", 400, "'millis'"), problem("/leak?millis=0x10", 400, "'millis'"),
				problem("/leak?millis=1&millis=2", 400, "'millis'"), ok("/leak?millis=1", 202),
				// GET /suppliers/{name}?city=&delay=&fail=
				problem("/suppliers/boats?city=paris", 404, "'boats'"),
				problem("/suppliers/%E2%98%83?city=paris", 404, "No supplier"),
				problem("/suppliers/hotels", 400, "'city'"),
				problem("/suppliers/hotels?city=%3Cscript%3E", 400, "'city'"),
				problem("/suppliers/hotels?city=paris&delay=-1", 400, "'delay'"),
				problem("/suppliers/hotels?city=paris&delay=0x10", 400, "'delay'"),
				problem("/suppliers/hotels?city=paris&delay=600000", 400, "'delay'"),
				problem("/suppliers/hotels?city=paris&fail=maybe", 400, "'fail'"),
				ok("/suppliers/hotels?city=paris&delay=0", 200), ok("/suppliers/hotels?city=paris&delay=", 200),
				rejected("/suppliers/%2E%2E%2Fleak?city=paris"));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("rows")
	void hostileQuery(String target, int expectedStatus, Kind kind, @Nullable String named) throws Exception {
		Response response = carriedByUri(target) ? send(target) : sendRaw(target);
		assertThat(response.status()).as("status of %s", target).isNotEqualTo(500).isEqualTo(expectedStatus);
		if (kind == Kind.PROBLEM) {
			assertThat(response.contentType()).startsWith(PROBLEM);
			JsonNode problem = this.json.readTree(response.body());
			assertThat(problem.get("status").asInt()).isEqualTo(expectedStatus);
			assertThat(problem.get("detail").asString()).contains(named);
		}
	}

	private static boolean carriedByUri(String target) {
		if (!StandardCharsets.US_ASCII.newEncoder().canEncode(target)) {
			return false;
		}
		try {
			URI.create(target);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private Response send(String target) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + target))
			.timeout(TIMEOUT)
			.GET()
			.build();
		HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
				response.body());
	}

	/**
	 * Send a request target as raw UTF-8 bytes, as no {@link URI} can carry it, and read
	 * the status line of the answer.
	 * @param target the request target
	 * @return the response, without headers or body
	 * @throws IOException if the exchange fails or takes longer than the time limit
	 */
	private Response sendRaw(String target) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), (int) TIMEOUT.toMillis());
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
				head.write(b);
			}
			String statusLine = head.toString(StandardCharsets.ISO_8859_1).strip();
			assertThat(statusLine).as("status line").startsWith("HTTP/1.1 ");
			return new Response(Integer.parseInt(statusLine.substring(9, 12)), "", "");
		}
	}

	private static Arguments problem(String target, int status, String named) {
		return Arguments.of(target, status, Kind.PROBLEM, named);
	}

	private static Arguments ok(String target, int status) {
		return Arguments.of(target, status, Kind.ANSWER, null);
	}

	private static Arguments rejected(String target) {
		return Arguments.of(target, 400, Kind.REJECTED, null);
	}

	/**
	 * What a row expects besides its status.
	 */
	enum Kind {

		/**
		 * An {@code application/problem+json} body whose detail names the parameter.
		 */
		PROBLEM,

		/**
		 * The endpoint's usual answer.
		 */
		ANSWER,

		/**
		 * A request target that the server (Tomcat) refuses before the application can
		 * read the parameter: bytes not allowed in a request line, a request line above
		 * the header size limit, percent-encoding that does not decode, an encoded slash.
		 */
		REJECTED;

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private record Response(int status, String contentType, String body) {

	}

}
