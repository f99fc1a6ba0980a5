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

package io.structured.concurrency.autoconfigure.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskRejectedException;

import io.structured.concurrency.actuate.metrics.BoundedExecutorMetrics;
import io.structured.concurrency.actuate.metrics.CpuLimitMetrics;
import io.structured.concurrency.actuate.metrics.ExecutorTimers;
import io.structured.concurrency.actuate.metrics.TaskMetrics;
import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.autoconfigure.CpuLimitAutoConfiguration;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.cpu.CgroupFixture;
import io.structured.concurrency.cpu.CpuLimit;
import io.structured.concurrency.cpu.CpuLimitDetector;
import io.structured.concurrency.cpu.CpuLimitMonitor;
import io.structured.concurrency.executor.BoundedExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ConcurrencyMetricsAutoConfiguration}.
 */
class ConcurrencyMetricsAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String CPU_MAX = CgroupFixture.V2 + "/cpu.max";

	private static final String CPUSET_EFFECTIVE = CgroupFixture.V2 + "/cpuset.cpus.effective";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, CpuLimitAutoConfiguration.class,
					ConcurrencyAutoConfiguration.class, ConcurrencyMetricsAutoConfiguration.class));

	@TempDir
	Path root;

	@Test
	void executorMetricsWhenTasksRunThroughPlainExecutorShouldRecordTimersAndGauges() {
		// TP-05: a quota of one CPU gives a cpu pool of one thread
		CgroupFixture fixture = CgroupFixture.v2(this.root)
			.write(CPUSET_EFFECTIVE, "0-7\n")
			.write(CPU_MAX, "100000 100000\n");
		this.contextRunner.withBean(CpuLimitDetector.class, () -> fixture.detector(8, 1)).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Executor cpu = context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME, Executor.class);
			CountDownLatch done = new CountDownLatch(5);
			for (int i = 0; i < 5; i++) {
				cpu.execute(() -> {
					sleep(50);
					done.countDown();
				});
			}
			assertThat(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			await().atMost(WAIT).until(() -> timer(registry, "executor").count() == 5);
			assertThat(timer(registry, "executor").totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(250);
			assertThat(timer(registry, "executor.idle").count()).isEqualTo(5);
			await().atMost(WAIT)
				.until(() -> registry.get("executor.completed").tag("name", "cpu").functionCounter().count() == 5);
			for (String gauge : List.of("executor.active", "executor.queued", "executor.pool.size",
					"executor.pool.core", "executor.pool.max")) {
				assertThat(registry.find(gauge).tag("name", "cpu").gauge()).as(gauge).isNotNull();
				assertThat(registry.find(gauge).tag("name", "io").gauge()).as(gauge).isNotNull();
			}
			assertThat(registry.get("executor.pool.max").tag("name", "cpu").gauge().value()).isEqualTo(1);
			fixture.write(CPU_MAX, "400000 100000\n");
			assertThat(context.getBean(CpuLimitMonitor.class).refresh()).isTrue();
			assertThat(registry.get("executor.pool.max").tag("name", "cpu").gauge().value()).isEqualTo(4);
			assertThat(registry.get("executor.pool.core").tag("name", "cpu").gauge().value()).isEqualTo(4);
		});
	}

	@Test
	void bindersWhenBoundTwiceToSameRegistryShouldNotThrowNorDoubleCount() {
		// TP-05, last bullet
		this.contextRunner.withPropertyValues("concurrency.executors.cpu.threads=1").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			int meters = registry.getMeters().size();
			assertThatNoException().isThrownBy(() -> {
				context.getBean(TaskMetrics.class).bindTo(registry);
				context.getBean(BoundedExecutorMetrics.class).bindTo(registry);
				context.getBean(ExecutorTimers.class).bindTo(registry);
				context.getBean(CpuLimitMetrics.class).bindTo(registry);
			});
			assertThat(registry.getMeters()).hasSize(meters);
			Executor cpu = context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME, Executor.class);
			CountDownLatch done = new CountDownLatch(1);
			cpu.execute(done::countDown);
			assertThat(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			await().atMost(WAIT).until(() -> timer(registry, "executor").count() == 1);
			assertThat(registry.get("concurrency.tasks.completed").tag("outcome", "SUCCESS").counter().count()).isOne();
		});
	}

	@Test
	void bindersWhenContextClosesShouldLeaveRegistryToTheNextContext() {
		SimpleMeterRegistry shared = new SimpleMeterRegistry();
		this.contextRunner.withPropertyValues("concurrency.executors.cpu.threads=1")
			.run((context) -> context.getBean(BoundedExecutorMetrics.class).bindTo(shared));
		assertThat(shared.find("executor.pool.max").tag("name", "cpu").gauge()).isNull();
		this.contextRunner.withPropertyValues("concurrency.executors.cpu.threads=3").run((context) -> {
			assertThatNoException().isThrownBy(() -> context.getBean(BoundedExecutorMetrics.class).bindTo(shared));
			assertThat(shared.get("executor.pool.max").tag("name", "cpu").gauge().value()).isEqualTo(3);
		});
	}

	@Test
	void taskMetricsShouldCountOutcomesCancellationsAndRejections() {
		this.contextRunner
			.withPropertyValues("concurrency.executors.cpu.threads=1", "concurrency.executors.cpu.queue-capacity=1")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				BoundedExecutor cpu = context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME,
						BoundedExecutor.class);
				cpu.submit("ok", () -> "done").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
				TaskFuture<Object> failing = cpu.submit("failing", () -> {
					throw new IOException("failed");
				});
				await().atMost(WAIT).until(failing::isDone);
				CountDownLatch started = new CountDownLatch(1);
				TaskFuture<Object> blocked = cpu.submit("blocked", () -> {
					started.countDown();
					Thread.sleep(WAIT.toMillis());
					return null;
				});
				assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				assertThat(registry.get("concurrency.tasks.active").gauge().value()).isOne();
				assertThat(registry.get("executor.active").tag("name", "cpu").gauge().value()).isOne();
				TaskFuture<Object> queued = cpu.submit("queued", () -> "never");
				assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> cpu.execute(() -> {
				}));
				queued.cancel(true);
				blocked.cancel(true);
				await().atMost(WAIT).until(() -> completed(registry, "CANCELLED") == 2);
				assertThat(completed(registry, "SUCCESS")).isOne();
				assertThat(completed(registry, "FAILURE")).isOne();
				assertThat(completed(registry, "REJECTED")).isOne();
				assertThat(registry.get("concurrency.executor.rejected").tag("name", "cpu").functionCounter().count())
					.isOne();
				assertThat(registry.get("concurrency.executor.rejected").tag("name", "io").functionCounter().count())
					.isZero();
				assertThat(registry.get("concurrency.cancellations").tag("reason", "MANUAL").counter().count())
					.isEqualTo(2);
				await().atMost(WAIT).until(() -> registry.get("concurrency.tasks.active").gauge().value() == 0);
			});
	}

	@Test
	void taskMetricsShouldCountDeadlinesAndLeaks() {
		this.contextRunner.withPropertyValues("concurrency.tasks.leak-grace=50ms").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			TaskScopes scopes = context.getBean(TaskScopes.class);
			BoundedExecutor io = context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			CountDownLatch release = new CountDownLatch(1);
			try (RequestScope request = scopes.openRequest("GET /slow", Duration.ofMillis(20), null, null)) {
				await().atMost(WAIT).until(request.getToken()::isCancelled);
			}
			assertThat(registry.get("concurrency.cancellations").tag("reason", "DEADLINE").counter().count()).isOne();
			try (RequestScope request = scopes.openRequest("POST /fire", null, null, null)) {
				io.execute("fire-and-forget", () -> awaitQuietly(release));
			}
			await().atMost(WAIT).until(() -> registry.get("concurrency.tasks.leaked").gauge().value() == 1);
			release.countDown();
			await().atMost(WAIT).until(() -> registry.get("concurrency.tasks.leaked").gauge().value() == 0);
		});
	}

	@Test
	void cpuMetricsShouldReportLimitOfMonitor() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			CpuLimit limit = context.getBean(CpuLimitMonitor.class).getCpuLimit();
			assertThat(registry.get("concurrency.cpu.limit").gauge().value()).isEqualTo(limit.limit());
			assertThat(registry.get("concurrency.cpu.available-processors").gauge().value())
				.isEqualTo(limit.availableProcessors());
		});
	}

	@Test
	void cpuMetricsWhenJvmDisagreesWithCgroupShouldReportBoth() {
		// CG-10
		CgroupFixture fixture = CgroupFixture.v2(this.root)
			.write(CPUSET_EFFECTIVE, "0-23\n")
			.write(CPU_MAX, "100000 100000\n");
		this.contextRunner.withBean(CpuLimitDetector.class, () -> fixture.detector(24, 24)).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("concurrency.cpu.limit").gauge().value()).isEqualTo(1.0);
			assertThat(registry.get("concurrency.cpu.available-processors").gauge().value()).isEqualTo(24);
		});
	}

	@Test
	void cpuLimitGaugeShouldHoldUnroundedLimitWhateverTheRounding() {
		// CG-02
		CgroupFixture fixture = CgroupFixture.v2(this.root)
			.write(CPUSET_EFFECTIVE, "0-15\n")
			.write(CPU_MAX, "150000 100000\n");
		this.contextRunner.withBean(CpuLimitDetector.class, () -> fixture.detector(16, 2))
			.withPropertyValues("concurrency.cpu.rounding=floor")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("concurrency.cpu.limit").gauge().value()).isEqualTo(1.5);
				assertThat(registry.get("executor.pool.max").tag("name", "cpu").gauge().value()).isEqualTo(1);
			});
	}

	@Test
	void executorTimersShouldWrapUserTaskDecorator() {
		AtomicInteger decorated = new AtomicInteger();
		TaskDecorator userDecorator = (runnable) -> () -> {
			decorated.incrementAndGet();
			runnable.run();
		};
		this.contextRunner.withBean(TaskDecorator.class, () -> userDecorator).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			BoundedExecutor io = context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			io.submit("decorated", () -> "done").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			await().atMost(WAIT).until(() -> timer(registry, "executor", "io").count() == 1);
			assertThat(decorated).hasValue(1);
		});
	}

	@Test
	void autoConfigurationWhenNoMeterRegistryBeanShouldBackOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class,
					ConcurrencyAutoConfiguration.class, ConcurrencyMetricsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(TaskMetrics.class)
					.doesNotHaveBean(ExecutorTimers.class)
					.hasBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME);
				BoundedExecutor cpu = context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME,
						BoundedExecutor.class);
				assertThat(cpu.submit("plain", () -> "done").get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
					.isEqualTo("done");
			});
	}

	@Test
	void autoConfigurationWhenMicrometerIsAbsentShouldBackOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TaskMetrics.class)
				.doesNotHaveBean(BoundedExecutorMetrics.class)
				.hasBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME));
	}

	private static Timer timer(MeterRegistry registry, String name) {
		return timer(registry, name, "cpu");
	}

	private static Timer timer(MeterRegistry registry, String name, String executor) {
		return registry.get(name).tag("name", executor).timer();
	}

	private static double completed(MeterRegistry registry, String outcome) {
		return registry.get("concurrency.tasks.completed").tag("outcome", outcome).counter().count();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
