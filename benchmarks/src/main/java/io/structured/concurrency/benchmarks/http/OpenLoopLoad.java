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

package io.structured.concurrency.benchmarks.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * A small load generator on the JDK {@link HttpClient}, bounded in count and time.
 *
 * <p>
 * <b>Open loop</b> (the default): requests start at a constant rate, whether or not
 * earlier ones have answered, as independent users do; the latency of a request counts
 * from the moment it was due to start, so a generator that falls behind does not hide
 * queueing (no coordinated omission). Requests that would exceed {@code max-in-flight}
 * are not sent and counted as dropped; requests without an answer after {@code timeout}
 * count as timed out. <b>Closed loop</b> ({@code --closed=N}): N clients send one request
 * after another, which measures capacity.
 *
 * <p>
 * Arguments, as {@code --name=value}: {@code url}, {@code rate} (requests per second,
 * open loop), {@code closed} (clients, closed loop), {@code seconds} (default 10),
 * {@code timeout} (seconds, default 20), {@code max-in-flight} (default 4000),
 * {@code label}. Prints one line starting with {@code RESULT}.
 */
public final class OpenLoopLoad {

	private final HttpClient client;

	private final HttpRequest request;

	private final long[] latencies;

	private final AtomicInteger recorded = new AtomicInteger();

	private final LongAdder ok = new LongAdder();

	private final LongAdder shed = new LongAdder();

	private final LongAdder otherStatus = new LongAdder();

	private final LongAdder timedOut = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong lastAnswer = new AtomicLong();

	private long attempted;

	private OpenLoopLoad(HttpClient client, HttpRequest request, int maxRecorded) {
		this.client = client;
		this.request = request;
		this.latencies = new long[maxRecorded];
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = parse(args);
		URI uri = URI.create(required(options, "url"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
		Duration timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout", "20")));
		int maxInFlight = Integer.parseInt(options.getOrDefault("max-in-flight", "4000"));
		String label = options.getOrDefault("label", "load");
		ExecutorService callbacks = Executors.newFixedThreadPool(2);
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.executor(callbacks)
			.build();
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
		String result;
		if (options.containsKey("closed")) {
			int clients = Integer.parseInt(required(options, "closed"));
			OpenLoopLoad load = new OpenLoopLoad(client, request, 2_000_000);
			double elapsed = load.closedLoop(clients, seconds);
			result = load.summary(label, "closed=" + clients, elapsed);
		}
		else {
			double rate = Double.parseDouble(required(options, "rate"));
			int total = (int) Math.round(rate * seconds);
			OpenLoopLoad load = new OpenLoopLoad(client, request, total);
			double elapsed = load.openLoop(rate, total, maxInFlight, timeout);
			result = load.summary(label, String.format(Locale.ROOT, "rate=%.1f", rate), elapsed);
		}
		System.out.println(result);
		callbacks.shutdownNow();
		System.exit(0);
	}

	private double openLoop(double rate, int total, int maxInFlight, Duration timeout) throws InterruptedException {
		CountDownLatch answered = new CountDownLatch(total);
		long periodNanos = (long) (1_000_000_000L / rate);
		long start = System.nanoTime();
		this.attempted = total;
		for (int i = 0; i < total; i++) {
			long due = start + i * periodNanos;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			if (this.inFlight.get() >= maxInFlight) {
				this.dropped.increment();
				answered.countDown();
				continue;
			}
			this.inFlight.incrementAndGet();
			this.client.sendAsync(this.request, HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, failure) -> {
					this.inFlight.decrementAndGet();
					record(due, (response != null) ? response.statusCode() : 0, failure);
					answered.countDown();
				});
		}
		long sent = System.nanoTime();
		// every request has its own timeout; allow a little more for the client to report
		answered.await(timeout.toSeconds() + 5, TimeUnit.SECONDS);
		// goodput counts over the whole run, until the last answer, so that answers that
		// come late do not inflate it
		return (Math.max(sent, this.lastAnswer.get()) - start) / 1e9;
	}

	private double closedLoop(int clients, int seconds) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		Thread[] threads = new Thread[clients];
		long start = System.nanoTime();
		for (int i = 0; i < clients; i++) {
			threads[i] = new Thread(() -> {
				while (System.nanoTime() < end) {
					long due = System.nanoTime();
					try {
						HttpResponse<Void> response = this.client.send(this.request,
								HttpResponse.BodyHandlers.discarding());
						record(due, response.statusCode(), null);
					}
					catch (IOException ex) {
						record(due, 0, ex);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			});
			threads[i].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		return (System.nanoTime() - start) / 1e9;
	}

	private void record(long due, int status, @Nullable Throwable failure) {
		this.lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
		if (failure != null) {
			Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
			if (cause instanceof HttpTimeoutException || failure instanceof HttpTimeoutException) {
				this.timedOut.increment();
			}
			else {
				this.failed.increment();
			}
			return;
		}
		if (status == 200) {
			this.ok.increment();
			int index = this.recorded.getAndIncrement();
			if (index < this.latencies.length) {
				this.latencies[index] = System.nanoTime() - due;
			}
		}
		else if (status == 503) {
			this.shed.increment();
		}
		else {
			this.otherStatus.increment();
		}
	}

	private String summary(String label, String load, double seconds) {
		int count = Math.min(this.recorded.get(), this.latencies.length);
		long[] sorted = Arrays.copyOf(this.latencies, count);
		Arrays.sort(sorted);
		long answered = this.ok.sum() + this.shed.sum() + this.otherStatus.sum() + this.timedOut.sum()
				+ this.failed.sum() + this.dropped.sum();
		// open loop only: requests still without an answer when the generator stopped
		// waiting
		long unanswered = Math.max(0, this.attempted - answered);
		return String.format(Locale.ROOT,
				"RESULT label=%s %s seconds=%.1f ok=%d shed503=%d other=%d timeout=%d error=%d dropped=%d "
						+ "unanswered=%d goodput=%.1f p50ms=%.1f p99ms=%.1f maxms=%.1f",
				label, load, seconds, this.ok.sum(), this.shed.sum(), this.otherStatus.sum(), this.timedOut.sum(),
				this.failed.sum(), this.dropped.sum(), unanswered, this.ok.sum() / seconds, percentile(sorted, 0.50),
				percentile(sorted, 0.99), (count > 0) ? sorted[count - 1] / 1e6 : Double.NaN);
	}

	private static double percentile(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, index)] / 1e6;
	}

	private static Map<String, String> parse(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
			}
			int equals = arg.indexOf('=');
			options.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		return options;
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("Missing --" + name + "=...");
		}
		return value;
	}

}
