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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.web.client.DeadlineRetryTemplate;

/**
 * Handlers for the acceptance cases; what they see goes to the {@link Recorder}.
 */
@RestController
class CasesController {

	private final TaskScopes scopes;

	private final BoundedExecutor io;

	private final BoundedExecutor cpu;

	private final RestClient stubClient;

	private final Recorder recorder;

	private final AtomicInteger detachedRuns = new AtomicInteger();

	private final AtomicInteger fallbackRuns = new AtomicInteger();

	CasesController(TaskScopes scopes,
			@Qualifier(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME) BoundedExecutor io,
			@Qualifier(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME) BoundedExecutor cpu, RestClient stubClient,
			Recorder recorder) {
		this.scopes = scopes;
		this.io = io;
		this.cpu = cpu;
		this.stubClient = stubClient;
		this.recorder = recorder;
	}

	private static TaskContext context() {
		TaskContext context = TaskContext.current();
		if (context == null) {
			throw new IllegalStateException("No task context");
		}
		return context;
	}

	/**
	 * DL-01: the time left at dispatch, and when it was read, on the monotonic clock that
	 * the test shares with the server.
	 */
	@GetMapping("/probe")
	String probe() {
		this.recorder.put("probe.calls", ((Integer) getOrZero("probe.calls")) + 1);
		long remaining = context().token().remainingNanos();
		return remaining + " " + System.nanoTime();
	}

	private Object getOrZero(String key) {
		Object value = this.recorder.get(key);
		return (value != null) ? value : 0;
	}

	@GetMapping("/orders/{id}")
	String order(@PathVariable String id) {
		TaskNode node = context().node();
		return node.getName() + "|" + node.getRequestId() + "|" + MDC.get("requestId");
	}

	/**
	 * DL-03: wait, then call the stub through the instrumented client.
	 */
	@GetMapping("/outbound")
	String outbound(@RequestParam String url, @RequestParam long waitMillis,
			@RequestParam(defaultValue = "false") boolean ignoreInterrupts) throws InterruptedException {
		if (ignoreInterrupts) {
			sleepIgnoringInterrupts(waitMillis);
		}
		else {
			Thread.sleep(waitMillis);
		}
		this.recorder.put("outbound.deadline", System.nanoTime() + context().token().remainingNanos());
		this.recorder.now("outbound.start");
		try {
			return this.stubClient.get().uri(url).retrieve().body(String.class);
		}
		catch (RuntimeException ex) {
			this.recorder.put("outbound.failure", ex);
			throw ex;
		}
		finally {
			this.recorder.now("outbound.end");
		}
	}

	private static void sleepIgnoringInterrupts(long millis) {
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		long left;
		while ((left = end - System.nanoTime()) > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(left);
			}
			catch (InterruptedException ex) {
				// ignored on purpose
			}
		}
	}

	/**
	 * DL-04: three attempts, 200 ms apart, at most 1 s each.
	 */
	@GetMapping("/retry")
	@Nullable String retry(@RequestParam String url) {
		this.recorder.put("retry.deadline", System.nanoTime() + context().token().remainingNanos());
		DeadlineRetryTemplate retry = new DeadlineRetryTemplate(
				RetryPolicy.builder().maxRetries(2).delay(Duration.ofMillis(200)).build());
		retry.setAttemptTimeout(Duration.ofSeconds(1));
		try {
			AtomicInteger attempts = new AtomicInteger();
			return retry.invoke(() -> {
				try {
					return this.stubClient.get().uri(url).retrieve().body(String.class);
				}
				finally {
					this.recorder.now("retry.attempt" + attempts.incrementAndGet() + ".end");
				}
			});
		}
		catch (RuntimeException ex) {
			this.recorder.now("retry.failed");
			this.recorder.put("retry.failure", ex);
			throw ex;
		}
	}

	/**
	 * DL-05: a detached task and an ordinary child, each sleeping 1 s.
	 */
	@GetMapping("/detached")
	String detached(@RequestParam(defaultValue = "false") boolean warmUp) throws InterruptedException {
		if (warmUp) {
			this.scopes.detach("warm-up", () -> null);
			try (TaskScope scope = this.scopes.open("warm-up")) {
				scope.fork("warm-up", () -> null);
				scope.join();
			}
			return "warm";
		}
		this.scopes.detach("audit", () -> {
			long started = System.nanoTime();
			this.recorder.put("detached.runs", this.detachedRuns.incrementAndGet());
			this.recorder.now("detached.start");
			this.recorder.put("detached.token", context().token());
			this.recorder.put("detached.node", context().node());
			this.recorder.put("detached.mdc.requestId", MDC.get("requestId"));
			this.recorder.put("detached.mdc.originRequestId", MDC.get("originRequestId"));
			Thread.sleep(1000);
			this.recorder.put("detached.elapsed", System.nanoTime() - started);
			this.recorder.now("detached.end");
			return null;
		});
		try (TaskScope scope = this.scopes.open("work")) {
			scope.fork("ordinary", () -> {
				this.recorder.put("ordinary.token", context().token());
				Thread.sleep(1000);
				return null;
			});
			try {
				scope.join();
			}
			finally {
				this.recorder.now("detached.joined");
			}
		}
		finally {
			this.recorder.now("detached.closed");
		}
		return "done";
	}

	/**
	 * CN-03: three children that react differently to the deadline.
	 */
	@GetMapping("/cn03")
	String cn03() throws InterruptedException {
		try (TaskScope scope = this.scopes.open("cn03")) {
			scope.fork("C1", () -> {
				this.recorder.put("C1.token", context().token());
				while (true) {
					long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
					while (System.nanoTime() < end) {
						Thread.onSpinWait();
					}
					TaskContext.throwIfCancelled();
				}
			});
			scope.fork("C2", () -> {
				this.recorder.put("C2.token", context().token());
				Thread.sleep(10_000);
				return null;
			});
			scope.fork("C3", () -> {
				this.recorder.put("C3.token", context().token());
				sleepIgnoringInterrupts(3000);
				return null;
			});
			scope.join();
		}
		return "done";
	}

	/**
	 * CX-03: a fire-and-forget child that outlives the request.
	 */
	@PostMapping("/fire")
	ResponseEntity<Void> fire() throws InterruptedException {
		CountDownLatch started = new CountDownLatch(1);
		this.io.execute("fire-child", () -> {
			started.countDown();
			try {
				Thread.sleep(300);
				TaskContext context = TaskContext.current();
				this.recorder.put("fire.requestId", (context != null) ? context.node().getRequestId() : null);
				this.recorder.put("fire.attributes", RequestContextHolder.getRequestAttributes());
				this.recorder.now("fire.end");
			}
			catch (InterruptedException ex) {
				this.recorder.now("fire.interrupted");
			}
			catch (Throwable ex) {
				this.recorder.put("fire.failure", ex);
			}
		});
		// so that the child is waiting, not queued, when the request ends
		started.await(5, TimeUnit.SECONDS);
		this.recorder.now("fire.forked");
		this.recorder.put("fire.token", context().token());
		return ResponseEntity.accepted().build();
	}

	/**
	 * TP-02: fork a child on the {@code cpu} executor.
	 */
	@GetMapping("/fanout")
	String fanout() throws InterruptedException {
		try (TaskScope scope = this.scopes.builder("fanout").executor(this.cpu).open()) {
			scope.fork("child", () -> "child");
			scope.join();
		}
		return "done";
	}

	/**
	 * TP-06: fork a child on the {@code io} executor, timing the fork.
	 */
	@GetMapping("/io-fork")
	String ioFork() throws InterruptedException {
		try (TaskScope scope = this.scopes.builder("io-fork").executor(this.io).open()) {
			long start = System.nanoTime();
			try {
				scope.fork("third", () -> "third");
			}
			catch (TaskRejectedException ex) {
				this.recorder.put("fork.rejectedAfterNanos", System.nanoTime() - start);
				throw ex;
			}
			scope.join();
		}
		return "done";
	}

	@GetMapping("/sleep")
	String sleep(@RequestParam long millis) throws InterruptedException {
		this.recorder.put("sleep.thread", Thread.currentThread().getName());
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			this.recorder.now("sleep.interrupted");
			// restore the interrupt, as well-behaved code does
			Thread.currentThread().interrupt();
			throw ex;
		}
		return "slept";
	}

	/**
	 * Answers with what it has when the deadline interrupts it, keeping the interrupt set
	 * as well-behaved code does.
	 */
	@GetMapping("/fallback")
	String fallback(@RequestParam long millis) {
		this.recorder.put("fallback.runs", this.fallbackRuns.incrementAndGet());
		try {
			Thread.sleep(millis);
			return "complete";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "partial";
		}
	}

	@GetMapping("/interrupted")
	String interrupted() {
		return Thread.currentThread().getName() + " " + Thread.currentThread().isInterrupted();
	}

	@GetMapping("/deferred")
	DeferredResult<String> deferred() {
		DeferredResult<String> result = new DeferredResult<>();
		this.recorder.put("deferred.token", context().token());
		return result;
	}

	@GetMapping("/callable")
	Callable<String> callable(@RequestParam(defaultValue = "10000") long millis) {
		return () -> {
			this.recorder.put("callable.token", context().token());
			Thread.sleep(millis);
			return "late";
		};
	}

	@GetMapping("/future")
	CompletableFuture<String> future(@RequestParam long millis) {
		return this.io.submitCompletable(() -> {
			this.recorder.put("future.token", context().token());
			Thread.sleep(millis);
			return "future";
		});
	}

	/**
	 * Writes a chunk every 50 ms until writing fails or 5 s have passed.
	 */
	@GetMapping("/stream")
	void stream(HttpServletResponse response) throws IOException {
		CancellationToken token = context().token();
		this.recorder.put("stream.token", token);
		response.setContentType("text/plain");
		OutputStream out = response.getOutputStream();
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		try {
			while (System.nanoTime() < end && !token.isCancelled()) {
				out.write("chunk\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				token.awaitCancellation(Duration.ofMillis(50));
			}
		}
		catch (IOException ex) {
			this.recorder.put("stream.failure", ex);
		}
		catch (InterruptedException ex) {
			this.recorder.now("stream.interrupted");
		}
		this.recorder.now("stream.end");
	}

	/**
	 * Sends a chunk every 50 ms from a task, asynchronously, until the request is
	 * cancelled.
	 */
	@GetMapping("/emitter")
	ResponseBodyEmitter emitter() {
		ResponseBodyEmitter emitter = new ResponseBodyEmitter(10_000L);
		CancellationToken token = context().token();
		this.recorder.put("emitter.token", token);
		this.io.execute("emitter", () -> {
			try {
				while (!token.isCancelled()) {
					emitter.send("chunk\n");
					token.awaitCancellation(Duration.ofMillis(50));
				}
				emitter.complete();
			}
			catch (IOException ex) {
				this.recorder.put("emitter.failure", ex);
			}
			catch (InterruptedException ex) {
				this.recorder.now("emitter.interrupted");
			}
		});
		return emitter;
	}

	/**
	 * Waits 1 s for its token without writing anything.
	 */
	@GetMapping("/quiet")
	String quiet() throws InterruptedException {
		CancellationToken token = context().token();
		this.recorder.put("quiet.token", token);
		token.awaitCancellation(Duration.ofSeconds(1));
		this.recorder.put("quiet.reason", token.getReason());
		return "quiet";
	}

}
