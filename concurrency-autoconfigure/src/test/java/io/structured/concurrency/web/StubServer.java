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
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A stub of a downstream service on loopback: {@code /slow} answers 200 after 3 seconds,
 * {@code /fail} answers 500 at once, {@code /ok} answers 200 at once. It records every
 * request it receives.
 */
public final class StubServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	public StubServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/slow", (exchange) -> answer(exchange, 200, 3000));
		this.server.createContext("/fail", (exchange) -> answer(exchange, 500, 0));
		this.server.createContext("/ok", (exchange) -> answer(exchange, 200, 0));
		this.server.start();
	}

	private void answer(HttpExchange exchange, int status, long delayMillis) throws IOException {
		this.received.add(new Received(exchange.getRequestURI().getPath(),
				exchange.getRequestHeaders().getFirst("X-Request-Timeout"), System.nanoTime()));
		try {
			Thread.sleep(delayMillis);
			byte[] body = "stub".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// the caller went away
		}
		finally {
			exchange.close();
		}
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	public List<Received> getReceived() {
		return this.received;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * A request the stub received.
	 *
	 * @param path the path
	 * @param timeoutHeader the value of {@code X-Request-Timeout}
	 * @param nanos when it arrived, on {@link System#nanoTime()}
	 */
	public record Received(String path, @Nullable String timeoutHeader, long nanos) {

	}

}
