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

package io.structured.concurrency.benchmarks.quota;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskRejectedException;

import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.executor.BoundedExecutor;

/**
 * Benchmark 6, quota sizing: CPU-bound tasks arrive at random (Poisson) at a rate that
 * keeps {@code load} of one CPU busy, and run on the starter's {@code cpu} executor. The
 * JVM runs inside a cgroup with a CPU quota (the script {@code bin/quota-sizing.sh} puts
 * it there). With {@code --mode=quota} the pool is sized by the starter, from the quota;
 * with {@code --mode=host} it is pinned to {@code --host-cpus}, as a pool sized from the
 * host's CPU count would be.
 *
 * <p>
 * The harness warms up, then reads the cgroup's {@code cpu.stat} before and after the
 * measured window and prints the throttled time, with the latency of the tasks from the
 * moment each was due to completion. Prints one line starting with {@code RESULT}.
 */
public final class QuotaSizing {

	private QuotaSizing() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = parse(args);
		String mode = options.getOrDefault("mode", "quota");
		double workMillis = Double.parseDouble(options.getOrDefault("work-ms", "5"));
		double load = Double.parseDouble(options.getOrDefault("load", "0.9"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
		Path cpuStat = Path.of(options.getOrDefault("cpu-stat", "/sys/fs/cgroup/cpu.stat"));
		List<String> properties = new ArrayList<>();
		properties.add("--spring.main.banner-mode=off");
		if (mode.equals("host")) {
			properties.add("--concurrency.executors.cpu.threads=" + options.getOrDefault("host-cpus", "2"));
		}
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
			.web(WebApplicationType.NONE)
			.run(properties.toArray(String[]::new))) {
			BoundedExecutor cpu = context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			double rate = load * 1000 / workMillis;
			long workNanos = (long) (workMillis * 1_000_000);
			run(cpu, rate, workNanos, 3, new Random(1));
			Map<String, Long> before = readStat(cpuStat);
			long start = System.nanoTime();
			Run run = run(cpu, rate, workNanos, seconds, new Random(2));
			double wall = (System.nanoTime() - start) / 1e9;
			Map<String, Long> after = readStat(cpuStat);
			double throttledSeconds = throttledSeconds(before, after);
			long periods = delta(before, after, "nr_periods");
			long throttledPeriods = delta(before, after, "nr_throttled");
			System.out.println(String.format(Locale.ROOT,
					"RESULT mode=%s pool=%d availableProcessors=%d rate=%.1f wall=%.1f throttledSeconds=%.3f "
							+ "throttledPct=%.2f periods=%d throttledPeriods=%d completed=%d rejected=%d "
							+ "p50ms=%.1f p99ms=%.1f maxms=%.1f",
					mode, cpu.getMaxPoolSize(), Runtime.getRuntime().availableProcessors(), rate, wall,
					throttledSeconds, 100 * throttledSeconds / wall, periods, throttledPeriods, run.completed(),
					run.rejected(), run.percentile(0.50), run.percentile(0.99), run.percentile(1.0)));
		}
	}

	private static Run run(BoundedExecutor cpu, double rate, long workNanos, int seconds, Random random)
			throws InterruptedException {
		int total = (int) (rate * seconds);
		long[] latencies = new long[total];
		AtomicInteger recorded = new AtomicInteger();
		LongAdder rejected = new LongAdder();
		CountDownLatch done = new CountDownLatch(total);
		long due = System.nanoTime();
		for (int i = 0; i < total; i++) {
			due += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			long taskDue = due;
			try {
				cpu.execute(() -> {
					burn(workNanos);
					latencies[recorded.getAndIncrement()] = System.nanoTime() - taskDue;
					done.countDown();
				});
			}
			catch (TaskRejectedException ex) {
				rejected.increment();
				done.countDown();
			}
		}
		done.await(60, TimeUnit.SECONDS);
		return new Run(Arrays.copyOf(latencies, recorded.get()), rejected.sum());
	}

	// burns CPU time of the current thread, however long the thread is descheduled or
	// throttled meanwhile
	private static void burn(long cpuNanos) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long end = threads.getCurrentThreadCpuTime() + cpuNanos;
		long sink = 0;
		while (threads.getCurrentThreadCpuTime() < end) {
			for (int i = 0; i < 10_000; i++) {
				sink = sink * 31 + i;
			}
		}
		if (sink == 42) {
			System.out.print("");
		}
	}

	private static Map<String, Long> readStat(Path cpuStat) throws IOException {
		Map<String, Long> values = new HashMap<>();
		for (String line : Files.readAllLines(cpuStat)) {
			String[] parts = line.trim().split("\\s+");
			if (parts.length == 2) {
				values.put(parts[0], Long.parseLong(parts[1]));
			}
		}
		return values;
	}

	// cgroup v1 reports throttled_time in nanoseconds, cgroup v2 throttled_usec
	private static double throttledSeconds(Map<String, Long> before, Map<String, Long> after) {
		if (after.containsKey("throttled_usec")) {
			return delta(before, after, "throttled_usec") / 1e6;
		}
		return delta(before, after, "throttled_time") / 1e9;
	}

	private static long delta(Map<String, Long> before, Map<String, Long> after, String key) {
		return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
	}

	private static Map<String, String> parse(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
			}
			options.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		return options;
	}

	/**
	 * The auto-configuration of the starter, without a web server.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

	}

	private record Run(long[] latencies, long rejected) {

		long completed() {
			return this.latencies.length;
		}

		double percentile(double quantile) {
			if (this.latencies.length == 0) {
				return Double.NaN;
			}
			long[] sorted = this.latencies.clone();
			Arrays.sort(sorted);
			int index = (int) Math.ceil(quantile * sorted.length) - 1;
			return sorted[Math.max(0, index)] / 1e6;
		}

	}

}
