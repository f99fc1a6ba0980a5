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
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.web.servlet.ProblemTypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutdown under load (the web side of case TP-04): a real application on Tomcat is
 * closed the way Spring Boot's shutdown hook closes it on SIGTERM, from another thread,
 * while requests of several kinds are in their handlers and more keep arriving. Every
 * request that reached its handler ends with 200 or a 503 problem response, the close
 * returns within {@code concurrency.shutdown.timeout} + 2 s, and nothing of the starter
 * is left running.
 */
class ShutdownUnderLoadTests {

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * How long a stubborn child or handler goes on ignoring interrupts once its token is
	 * cancelled; well within {@link #SHUTDOWN_TIMEOUT}.
	 */
	private static final Duration STUBBORN_FOR = Duration.ofSeconds(1);

	/**
	 * How long well-behaved work would take if nothing stopped it: longer than any bound
	 * of this test, and short enough that a broken shutdown fails instead of hanging.
	 */
	private static final Duration LONG_WORK = Duration.ofSeconds(30);

	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

	/**
	 * The names of the platform threads of the starter: the executors' (see
	 * {@code Threads}) and the CPU limit refresher's.
	 */
	private static final Pattern OUR_THREAD = Pattern.compile("(cpu|io)-\\d+|concurrency-cpu-limit-refresh");

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final AtomicBoolean stopLateRequests = new AtomicBoolean();

	private @Nullable ConfigurableApplicationContext context;

	@AfterEach
	void closeContext() {
		this.stopLateRequests.set(true);
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void closeUnderLoadEndsEveryRequestInTimeAndLeavesNothingRunning() throws Exception {
		Set<Thread> threadsBefore = ourPlatformThreads();
		try (LogRecorder logs = new LogRecorder()) {
			ConfigurableApplicationContext context = start();
			this.context = context;
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
			LoadController controller = context.getBean(LoadController.class);
			BoundedExecutor cpu = context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			BoundedExecutor io = context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			TaskRegistry registry = context.getBean(TaskRegistry.class);
			List<InFlight> inFlight = sendInFlightRequests(port);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(controller.entered()).as("requests in their handlers, children started")
					.isEqualTo(inFlight.size()));
			LateRequests late = new LateRequests(port, controller);
			late.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> late.answered() > 0);
			AtomicLong closeNanos = new AtomicLong(-1);
			Thread closer = new Thread(() -> {
				long start = System.nanoTime();
				context.close();
				closeNanos.set(System.nanoTime() - start);
			}, "shutdown-hook");
			closer.start();
			InFlight lateSlow = sendOnceCancelled(port, inFlight);
			closer.join(TimeUnit.SECONDS.toMillis(60));
			this.stopLateRequests.set(true);
			late.join();
			assertThat(closer.isAlive()).as("context close returned").isFalse();
			assertThat(closeNanos.get()).as("context close completed normally").isNotNegative();
			assertThat(Duration.ofNanos(closeNanos.get())).isLessThanOrEqualTo(SHUTDOWN_TIMEOUT.plusSeconds(2));
			for (InFlight request : inFlight) {
				request.assertEnded();
			}
			lateSlow.assertEnded();
			assertThat(controller.entered()).as("handlers entered, the late slow request's not among them")
				.isEqualTo(inFlight.size());
			late.assertEnded();
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(controller.workers()).as("threads that ran our tasks").noneMatch(Thread::isAlive);
				assertThat(newThreads(threadsBefore)).as("new threads of ours").isEmpty();
				assertThat(cpu.getThreadPoolExecutor().isTerminated()).as("cpu executor terminated").isTrue();
				assertThat(io.getThreadPoolExecutor().isTerminated()).as("io executor terminated").isTrue();
				assertThat(registry.getActiveCount()).as("live nodes in the registry").isZero();
			});
			assertThat(logs.starterWarnings()).as("tasks outlived the shutdown wait").isEmpty();
			assertThat(logs.atLevel(Level.ERROR)).isEmpty();
		}
	}

	/**
	 * Send a request that would sleep in its handler once the requests in flight have
	 * been cancelled, while the stubborn children keep the shutdown waiting and the
	 * server still accepts requests. It must not keep the shutdown waiting in turn.
	 */
	private InFlight sendOnceCancelled(int port, List<InFlight> inFlight) throws Exception {
		for (InFlight request : inFlight) {
			if (request.path().startsWith("/load/sleep")) {
				request.response().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
		}
		return send(port, "sleep", 503, new AtomicInteger(1000));
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(ShutdownTestApplication.class).registerShutdownHook(false)
			.properties("server.port=0", "server.address=127.0.0.1", "server.shutdown=graceful",
					"concurrency.shutdown.timeout=" + SHUTDOWN_TIMEOUT.toMillis() + "ms",
					"concurrency.executors.cpu.threads=16", "spring.jmx.enabled=false")
			.run();
	}

	/**
	 * Send requests of every kind, each of which stays in its handler until the shutdown
	 * ends it.
	 */
	private List<InFlight> sendInFlightRequests(int port) {
		List<InFlight> requests = new ArrayList<>();
		AtomicInteger ids = new AtomicInteger();
		for (int i = 0; i < 4; i++) {
			requests.add(send(port, "fork?executor=cpu", 503, ids));
			requests.add(send(port, "fork?executor=io", 503, ids));
		}
		for (int i = 0; i < 3; i++) {
			requests.add(send(port, "stubborn?executor=cpu", 503, ids));
			requests.add(send(port, "stubborn?executor=io", 503, ids));
			requests.add(send(port, "cooperative", 503, ids));
			requests.add(send(port, "sleep", 503, ids));
			requests.add(send(port, "callable", 503, ids));
			requests.add(send(port, "busy", 200, ids));
		}
		return requests;
	}

	private InFlight send(int port, String pathAndQuery, int expectedStatus, AtomicInteger ids) {
		String path = "/load/" + pathAndQuery + (pathAndQuery.contains("?") ? "&" : "?") + "id="
				+ ids.incrementAndGet();
		return new InFlight(path, expectedStatus,
				this.client.sendAsync(request(port, path), HttpResponse.BodyHandlers.ofString()));
	}

	private static HttpRequest request(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(CLIENT_TIMEOUT)
			.GET()
			.build();
	}

	private static Set<Thread> ourPlatformThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> OUR_THREAD.matcher(thread.getName()).matches())
			.collect(Collectors.toSet());
	}

	private static List<String> newThreads(Set<Thread> before) {
		return ourPlatformThreads().stream()
			.filter((thread) -> !before.contains(thread))
			.map(Thread::getName)
			.sorted()
			.toList();
	}

	/**
	 * A request that is in its handler when the context closes.
	 */
	private record InFlight(String path, int expectedStatus, CompletableFuture<HttpResponse<String>> response) {

		void assertEnded() throws Exception {
			HttpResponse<String> response = this.response.get(CLIENT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
			assertThat(response.statusCode()).as(this.path).isEqualTo(this.expectedStatus);
			if (this.expectedStatus == 200) {
				assertThat(response.body()).as(this.path).isEqualTo("busy");
			}
			if (this.expectedStatus == 503) {
				assertThat(response.headers().firstValue("Content-Type")).as(this.path)
					.hasValue("application/problem+json");
				assertThat(response.body()).as(this.path)
					.contains("\"type\":\"" + ProblemTypes.SHUTTING_DOWN + "\"")
					.doesNotContain("\tat ");
			}
		}

	}

	/**
	 * Quick requests sent one after another by a few clients while the context closes,
	 * until it has closed. A request that reached its handler must be answered; one that
	 * did not may also find the connection refused or reset once the server stops.
	 */
	private final class LateRequests {

		private static final int CLIENTS = 3;

		private final int port;

		private final LoadController controller;

		private final List<Thread> threads = new ArrayList<>();

		private final Map<String, Object> outcomes = new ConcurrentHashMap<>();

		private final AtomicInteger answered = new AtomicInteger();

		LateRequests(int port, LoadController controller) {
			this.port = port;
			this.controller = controller;
		}

		void start() {
			for (int i = 0; i < CLIENTS; i++) {
				String prefix = "late-" + i + "-";
				Thread thread = new Thread(() -> sendUntilStopped(prefix), prefix + "client");
				this.threads.add(thread);
				thread.start();
			}
		}

		private void sendUntilStopped(String prefix) {
			for (int i = 0; !ShutdownUnderLoadTests.this.stopLateRequests.get(); i++) {
				String id = prefix + i;
				try {
					HttpResponse<String> response = ShutdownUnderLoadTests.this.client
						.send(request(this.port, "/load/quick?id=" + id), HttpResponse.BodyHandlers.ofString());
					this.outcomes.put(id, response.statusCode());
					this.answered.incrementAndGet();
				}
				catch (IOException ex) {
					this.outcomes.put(id, ex);
					// the server is gone: do not spin
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		int answered() {
			return this.answered.get();
		}

		void join() throws InterruptedException {
			for (Thread thread : this.threads) {
				thread.join(CLIENT_TIMEOUT.plusSeconds(5).toMillis());
				assertThat(thread.isAlive()).as("late client %s ended", thread.getName()).isFalse();
			}
		}

		void assertEnded() {
			Set<String> handled = this.controller.quickIds();
			this.outcomes.forEach((id, outcome) -> {
				if (outcome instanceof Integer status) {
					assertThat(status).as(id).isIn(200, 503);
				}
				else {
					Throwable failure = (Throwable) outcome;
					assertThat(classify(failure)).as("%s: %s", id, failure).isIn("refused", "reset");
					assertThat(handled).as("%s reached its handler but got %s", id, failure).doesNotContain(id);
				}
			});
			assertThat(this.outcomes).isNotEmpty();
		}

		/**
		 * Classify a request that got no response: the connection was refused (the server
		 * socket is closed) or reset (a kept-alive connection closed by the server), or
		 * the request hung until the client's timeout.
		 */
		private static String classify(Throwable failure) {
			if (failure instanceof HttpTimeoutException) {
				return "hung";
			}
			return (failure instanceof ConnectException) ? "refused" : "reset";
		}

	}

	/**
	 * The application under test.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(LoadController.class)
	static class ShutdownTestApplication {

	}

	/**
	 * Handlers that stay busy until the shutdown ends them, each in its own way. Every
	 * handler counts itself as entered once it, and the children it forks, are running.
	 */
	@RestController
	@RequestMapping("/load")
	static class LoadController {

		private final TaskScopes scopes;

		private final BoundedExecutor cpu;

		private final BoundedExecutor io;

		private final AtomicInteger entered = new AtomicInteger();

		private final Set<Thread> workers = ConcurrentHashMap.newKeySet();

		private final Set<String> quickIds = ConcurrentHashMap.newKeySet();

		LoadController(TaskScopes scopes,
				@Qualifier(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME) BoundedExecutor cpu,
				@Qualifier(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME) BoundedExecutor io) {
			this.scopes = scopes;
			this.cpu = cpu;
			this.io = io;
		}

		int entered() {
			return this.entered.get();
		}

		Set<Thread> workers() {
			return Set.copyOf(this.workers);
		}

		Set<String> quickIds() {
			return Set.copyOf(this.quickIds);
		}

		@GetMapping("/quick")
		String quick(@RequestParam String id) {
			this.quickIds.add(id);
			return "quick";
		}

		/**
		 * Two children that sleep, and respond to the interrupt; the handler waits in
		 * {@code join}.
		 */
		@GetMapping("/fork")
		String fork(@RequestParam String executor) throws InterruptedException {
			return forkAndJoin(executor, 2, () -> Thread.sleep(LONG_WORK.toMillis()));
		}

		/**
		 * One child that ignores interrupts and goes on for a while after its token is
		 * cancelled.
		 */
		@GetMapping("/stubborn")
		String stubborn(@RequestParam String executor) throws InterruptedException {
			return forkAndJoin(executor, 1, LoadController::ignoreInterruptsUntilCancelledAndAWhile);
		}

		/**
		 * One child that waits for its token, without relying on the interrupt.
		 */
		@GetMapping("/cooperative")
		String cooperative() throws InterruptedException {
			return forkAndJoin("io", 1, () -> {
				CancellationToken token = token();
				long end = System.nanoTime() + LONG_WORK.toNanos();
				while (!token.isCancelled() && System.nanoTime() < end) {
					Thread.interrupted();
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
				}
				token.throwIfCancelled();
			});
		}

		private String forkAndJoin(String executor, int children, Work work) throws InterruptedException {
			AtomicInteger started = new AtomicInteger();
			try (TaskScope scope = this.scopes.builder(executor).executor(executor(executor)).open()) {
				for (int i = 0; i < children; i++) {
					scope.fork("child-" + i, () -> {
						this.workers.add(Thread.currentThread());
						if (started.incrementAndGet() == children) {
							this.entered.incrementAndGet();
						}
						work.run();
						return null;
					});
				}
				scope.join();
			}
			return "joined";
		}

		private BoundedExecutor executor(String name) {
			return name.equals("cpu") ? this.cpu : this.io;
		}

		/**
		 * The handler itself sleeps, without forking.
		 */
		@GetMapping("/sleep")
		String sleep() throws InterruptedException {
			this.entered.incrementAndGet();
			Thread.sleep(LONG_WORK.toMillis());
			return "slept";
		}

		/**
		 * The handler ignores interrupts and completes a while after its token is
		 * cancelled.
		 */
		@GetMapping("/busy")
		String busy() {
			this.entered.incrementAndGet();
			ignoreInterruptsUntilCancelledAndAWhile();
			return "busy";
		}

		/**
		 * Asynchronous handling: a {@code Callable} that sleeps on the {@code io}
		 * executor.
		 */
		@GetMapping("/callable")
		java.util.concurrent.Callable<String> callable() {
			return () -> {
				this.workers.add(Thread.currentThread());
				this.entered.incrementAndGet();
				Thread.sleep(LONG_WORK.toMillis());
				return "late";
			};
		}

		private static CancellationToken token() {
			CancellationToken token = TaskContext.currentToken();
			if (token == null) {
				throw new IllegalStateException("No task context");
			}
			return token;
		}

		private static void ignoreInterruptsUntilCancelledAndAWhile() {
			CancellationToken token = token();
			long end = System.nanoTime() + LONG_WORK.toNanos();
			while (!token.isCancelled() && System.nanoTime() < end) {
				Thread.interrupted();
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
			end = System.nanoTime() + STUBBORN_FOR.toNanos();
			while (System.nanoTime() < end) {
				Thread.interrupted();
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
			Thread.interrupted();
		}

		@FunctionalInterface
		private interface Work {

			void run() throws Exception;

		}

	}

}
