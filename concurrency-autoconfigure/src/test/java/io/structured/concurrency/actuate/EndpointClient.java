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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls a test application's actuator over loopback HTTP and reads the answers as JSON.
 */
final class EndpointClient {

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final int port;

	private final Duration timeout;

	EndpointClient(int port, Duration timeout) {
		this.port = port;
		this.timeout = timeout;
	}

	HttpResponse<String> send(String method, String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(this.timeout)
			.build();
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Get a path that must answer 200 and return its body as JSON.
	 */
	JsonNode get(String path) {
		HttpResponse<String> response = send("GET", path);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return read(response.body());
	}

	static JsonNode read(String body) {
		return json.readTree(body);
	}

	static JsonNode named(JsonNode nodes, String name) {
		for (JsonNode node : nodes) {
			if (name.equals(node.get("name").asString())) {
				return node;
			}
		}
		throw new AssertionError("No node named '" + name + "' in " + nodes);
	}

	static int countNodes(JsonNode nodes) {
		int count = 0;
		for (JsonNode node : nodes) {
			count += 1 + countNodes(node.get("children"));
		}
		return count;
	}

}
