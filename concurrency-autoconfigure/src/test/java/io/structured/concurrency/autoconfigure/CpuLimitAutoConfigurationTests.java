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

package io.structured.concurrency.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.structured.concurrency.cpu.CgroupCpuLimitDetector;
import io.structured.concurrency.cpu.CgroupFixture;
import io.structured.concurrency.cpu.CpuLimit;
import io.structured.concurrency.cpu.CpuLimitDetector;
import io.structured.concurrency.cpu.CpuLimitMonitor;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.testsupport.CapturedLogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CpuLimitAutoConfiguration} and the sizing of the {@code cpu} executor.
 */
class CpuLimitAutoConfigurationTests {

	private static final String CPU_MAX = CgroupFixture.V2 + "/cpu.max";

	private static final String REFRESH_THREAD = "concurrency-cpu-limit-refresh";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class));

	private final CapturedLogs logs = CapturedLogs.starter();

	@TempDir
	Path root;

	@AfterEach
	void closeLogs() {
		this.logs.close();
	}

	@Test
	void detectorShouldReadTheFilesystemRootProperty() {
		CgroupFixture.v2(this.root).write("/sys/devices/system/cpu/online", "0-5\n").write(CPU_MAX, "300000 100000\n");
		this.contextRunner.withPropertyValues("concurrency.cpu.filesystem-root=" + this.root).run((context) -> {
			assertThat(context).hasSingleBean(CgroupCpuLimitDetector.class);
			CpuLimit limit = context.getBean(CpuLimitMonitor.class).getCpuLimit();
			assertThat(limit.limit()).isEqualTo(3.0);
			assertThat(limit.source()).isEqualTo(CpuLimit.Source.CGROUP_V2);
			assertThat(cpuExecutor(context).getMaxPoolSize()).isEqualTo(3);
		});
	}

	@Test
	void monitorWhenUserDefinesOneShouldBackOff() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "garbage");
		this.contextRunner.withUserConfiguration(UserMonitorConfiguration.class)
			.withBean(CpuLimitDetector.class, () -> fixture.detector(8, 8))
			.run((context) -> {
				assertThat(context).hasSingleBean(CpuLimitMonitor.class);
				assertThat(context.getBean(CpuLimitMonitor.class).getCpuLimit().source())
					.isEqualTo(CpuLimit.Source.PROPERTY);
				assertThat(cpuExecutor(context).getMaxPoolSize()).isEqualTo(5);
			});
	}

	@Test
	void cpuExecutorShouldMultiplyTheRoundedLimitByThreadsPerCpu() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "150000 100000\n");
		this.contextRunner.withBean(CpuLimitDetector.class, () -> fixture.detector(8, 2))
			.withPropertyValues("concurrency.executors.cpu.threads-per-cpu=3")
			.run((context) -> {
				assertThat(cpuExecutor(context).getCorePoolSize()).isEqualTo(6);
				assertThat(cpuExecutor(context).getMaxPoolSize()).isEqualTo(6);
			});
	}

	@Test
	void cpuExecutorWhenLimitShrinksShouldResizeAndKeepQueuedTasks() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "400000 100000\n");
		this.contextRunner.withBean(CpuLimitDetector.class, () -> fixture.detector(8, 4))
			.withPropertyValues("concurrency.cpu.refresh-interval=0")
			.run((context) -> {
				BoundedExecutor cpu = cpuExecutor(context);
				CountDownLatch release = new CountDownLatch(1);
				AtomicInteger completed = new AtomicInteger();
				for (int i = 0; i < 7; i++) {
					cpu.execute(() -> awaitThenCount(release, completed));
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> cpu.getActiveCount() == 4);
				assertThat(cpu.getQueueSize()).isEqualTo(3);
				fixture.write(CPU_MAX, "100000 100000\n");
				assertThat(context.getBean(CpuLimitMonitor.class).refresh()).isTrue();
				assertThat(cpu.getCorePoolSize()).isEqualTo(1);
				assertThat(cpu.getMaxPoolSize()).isEqualTo(1);
				assertThat(cpu.getQueueSize()).isEqualTo(3);
				release.countDown();
				await().atMost(Duration.ofSeconds(10)).until(() -> completed.get() == 7);
				await().atMost(Duration.ofSeconds(10)).until(() -> cpu.getPoolSize() == 1);
			});
		assertThat(this.logs.messages(Level.INFO)).containsExactly("CPU limit changed from 4.0 to 1.0 (CGROUP_V2)");
	}

	@Test
	void cpuExecutorWhenLimitGrowsShouldRunQueuedTasksOnTheNewThreads() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "100000 100000\n");
		this.contextRunner.withBean(CpuLimitDetector.class, () -> fixture.detector(8, 1))
			.withPropertyValues("concurrency.cpu.refresh-interval=0")
			.run((context) -> {
				BoundedExecutor cpu = cpuExecutor(context);
				CountDownLatch release = new CountDownLatch(1);
				AtomicInteger completed = new AtomicInteger();
				for (int i = 0; i < 4; i++) {
					cpu.execute(() -> awaitThenCount(release, completed));
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> cpu.getActiveCount() == 1);
				assertThat(cpu.getQueueSize()).isEqualTo(3);
				fixture.write(CPU_MAX, "400000 100000\n");
				context.getBean(CpuLimitMonitor.class).refresh();
				assertThat(cpu.getMaxPoolSize()).isEqualTo(4);
				await().atMost(Duration.ofSeconds(10)).until(() -> cpu.getActiveCount() == 4);
				assertThat(cpu.getQueueSize()).isZero();
				release.countDown();
				await().atMost(Duration.ofSeconds(10)).until(() -> completed.get() == 4);
			});
	}

	@Test
	void cpuExecutorWhenCoreThreadsAreSetShouldKeepThemBelowTheNewMaximum() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "400000 100000\n");
		this.contextRunner.withBean(CpuLimitDetector.class, () -> fixture.detector(8, 4))
			.withPropertyValues("concurrency.cpu.refresh-interval=0", "concurrency.executors.cpu.core-threads=3")
			.run((context) -> {
				BoundedExecutor cpu = cpuExecutor(context);
				assertThat(cpu.getCorePoolSize()).isEqualTo(3);
				assertThat(cpu.getMaxPoolSize()).isEqualTo(4);
				fixture.write(CPU_MAX, "200000 100000\n");
				context.getBean(CpuLimitMonitor.class).refresh();
				assertThat(cpu.getCorePoolSize()).isEqualTo(2);
				assertThat(cpu.getMaxPoolSize()).isEqualTo(2);
			});
	}

	@Test
	void cpuExecutorWhenThreadsArePinnedShouldNotFollowTheLimit() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "400000 100000\n");
		this.contextRunner.withBean(CpuLimitDetector.class, () -> fixture.detector(8, 4))
			.withPropertyValues("concurrency.cpu.refresh-interval=0", "concurrency.executors.cpu.threads=3")
			.run((context) -> {
				BoundedExecutor cpu = cpuExecutor(context);
				assertThat(cpu.getMaxPoolSize()).isEqualTo(3);
				fixture.write(CPU_MAX, "100000 100000\n");
				CpuLimitMonitor monitor = context.getBean(CpuLimitMonitor.class);
				assertThat(monitor.refresh()).isTrue();
				assertThat(monitor.getCpuLimit().limit()).isEqualTo(1.0);
				assertThat(cpu.getCorePoolSize()).isEqualTo(3);
				assertThat(cpu.getMaxPoolSize()).isEqualTo(3);
			});
	}

	@Test
	void refreshThreadShouldFollowTheQuotaAndEndWithTheContext() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "100000 100000\n");
		AtomicReference<@Nullable Thread> refresher = new AtomicReference<>();
		// application contexts that other tests keep cached run refresh threads of their
		// own
		Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
		this.contextRunner.withBean(CpuLimitDetector.class, () -> fixture.detector(8, 1))
			.withPropertyValues("concurrency.cpu.refresh-interval=100ms")
			.run((context) -> {
				BoundedExecutor cpu = cpuExecutor(context);
				assertThat(cpu.getMaxPoolSize()).isEqualTo(1);
				fixture.write(CPU_MAX, "300000 100000\n");
				await().atMost(Duration.ofSeconds(10)).until(() -> cpu.getMaxPoolSize() == 3);
				refresher.set(findThread(REFRESH_THREAD, before));
				assertThat(refresher.get()).isNotNull();
				assertThat(Objects.requireNonNull(refresher.get()).isDaemon()).isTrue();
			});
		await().atMost(Duration.ofSeconds(10)).until(() -> !Objects.requireNonNull(refresher.get()).isAlive());
	}

	@Test
	void refreshThreadWhenIntervalIsZeroShouldNotStart() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "100000 100000\n");
		Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
		this.contextRunner.withBean(CpuLimitDetector.class, () -> fixture.detector(8, 1))
			.withPropertyValues("concurrency.cpu.refresh-interval=0")
			.run((context) -> {
				assertThat(context.getBean(CpuLimitMonitor.class).isRunning()).isFalse();
				assertThat(findThread(REFRESH_THREAD, before)).isNull();
			});
	}

	private static void awaitThenCount(CountDownLatch latch, AtomicInteger counter) {
		try {
			if (latch.await(30, TimeUnit.SECONDS)) {
				counter.incrementAndGet();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static BoundedExecutor cpuExecutor(org.springframework.context.ApplicationContext context) {
		return context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME, BoundedExecutor.class);
	}

	private static @Nullable Thread findThread(String name, Set<Thread> excluded) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals(name) && !excluded.contains(thread))
			.findFirst()
			.orElse(null);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserMonitorConfiguration {

		@Bean
		CpuLimitMonitor userCpuLimitMonitor(CpuLimitDetector detector) {
			return new CpuLimitMonitor(detector, 5.0, Duration.ZERO);
		}

	}

}
