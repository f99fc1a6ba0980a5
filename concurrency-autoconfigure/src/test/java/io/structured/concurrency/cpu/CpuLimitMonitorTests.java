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

package io.structured.concurrency.cpu;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.structured.concurrency.testsupport.CapturedLogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CpuLimitMonitor}.
 */
class CpuLimitMonitorTests {

	private static final String CPU_MAX = "/sys/fs/cgroup/cpu.max";

	@TempDir
	Path root;

	private final CapturedLogs logs = CapturedLogs.starter();

	@AfterEach
	void closeLogs() {
		this.logs.close();
	}

	@Test
	void createWhenDetectedShouldHoldTheLimitWithoutWarning() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "150000 100000\n");
		CpuLimitMonitor monitor = new CpuLimitMonitor(fixture.detector(8, 2), null, Duration.ZERO);
		assertThat(monitor.getCpuLimit()).isEqualTo(new CpuLimit(1.5, CpuLimit.Source.CGROUP_V2, 2));
		assertThat(this.logs.warnings()).isEmpty();
	}

	@Test
	void createWhenUnreadableShouldFallBackToTheJvmWithOneWarning() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "garbage");
		CpuLimitMonitor monitor = new CpuLimitMonitor(fixture.detector(8, 6), null, Duration.ZERO);
		assertThat(monitor.getCpuLimit()).isEqualTo(new CpuLimit(6.0, CpuLimit.Source.JVM, 6));
		assertThat(this.logs.warnings()).singleElement()
			.isEqualTo("Could not read the CPU limit: Unexpected content 'garbage' in '" + fixture.path(CPU_MAX)
					+ "'; sizing pools from the JVM's processor count 6 instead. "
					+ "Set 'concurrency.cpu.limit' to give the limit by hand");
	}

	@Test
	void createWhenJvmDisagreesShouldWarnOnceSuggestingActiveProcessorCount() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "150000 100000\n");
		CpuLimitMonitor monitor = new CpuLimitMonitor(fixture.detector(8, 8), null, Duration.ZERO);
		monitor.refresh();
		monitor.refresh();
		assertThat(this.logs.warnings()).singleElement()
			.isEqualTo("Available processors reported by the JVM (8) differ from the CPU limit of the cgroup (1.5): "
					+ "the JVM sizes its own thread pools and garbage collector from 8. "
					+ "Start it with -XX:ActiveProcessorCount=2");
	}

	@Test
	void createWhenLimitIsGivenShouldNeitherReadNorWarn() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "garbage");
		CpuLimitMonitor monitor = new CpuLimitMonitor(fixture.detector(24, 24), 3.0, Duration.ofSeconds(1));
		assertThat(monitor.getCpuLimit()).isEqualTo(new CpuLimit(3.0, CpuLimit.Source.PROPERTY, 24));
		assertThat(monitor.refresh()).isFalse();
		monitor.start();
		assertThat(monitor.isRunning()).isFalse();
		assertThat(this.logs.warnings()).isEmpty();
	}

	@Test
	void createWhenLimitIsNotPositiveShouldThrow() {
		CgroupFixture fixture = CgroupFixture.v2(this.root);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CpuLimitMonitor(fixture.detector(8, 8), 0.0, Duration.ZERO));
	}

	@Test
	void refreshWhenLimitChangesShouldNotifyListenersAndLogOneInfoLine() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "150000 100000\n");
		CpuLimitMonitor monitor = new CpuLimitMonitor(fixture.detector(8, 2), null, Duration.ZERO);
		List<String> changes = new CopyOnWriteArrayList<>();
		monitor.addListener((previous, current) -> changes.add(previous.limit() + "->" + current.limit()));
		assertThat(monitor.refresh()).isFalse();
		fixture.write(CPU_MAX, "50000 100000\n");
		assertThat(monitor.refresh()).isTrue();
		assertThat(monitor.getCpuLimit().limit()).isEqualTo(0.5);
		assertThat(changes).containsExactly("1.5->0.5");
		assertThat(this.logs.messages(Level.INFO)).containsExactly("CPU limit changed from 1.5 to 0.5 (CGROUP_V2)");
	}

	@Test
	void refreshWhenUnreadableShouldKeepTheLimitAndWarnOnlyOnce() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "200000 100000\n");
		CpuLimitMonitor monitor = new CpuLimitMonitor(fixture.detector(8, 2), null, Duration.ZERO);
		AtomicInteger notified = new AtomicInteger();
		monitor.addListener((previous, current) -> notified.incrementAndGet());
		fixture.write(CPU_MAX, "oops");
		assertThat(monitor.refresh()).isFalse();
		assertThat(monitor.refresh()).isFalse();
		assertThat(monitor.getCpuLimit()).isEqualTo(new CpuLimit(2.0, CpuLimit.Source.CGROUP_V2, 2));
		assertThat(notified).hasValue(0);
		assertThat(this.logs.warnings()).singleElement()
			.asString()
			.startsWith("Could not read the CPU limit: Unexpected content 'oops'")
			.endsWith("; keeping the limit 2.0. Set 'concurrency.cpu.limit' to give the limit by hand");
	}

	@Test
	void refreshWhenReadableAgainAfterFallbackShouldSwitchToTheCgroup() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "garbage");
		CpuLimitMonitor monitor = new CpuLimitMonitor(fixture.detector(8, 8), null, Duration.ZERO);
		fixture.write(CPU_MAX, "max\n");
		monitor.refresh();
		assertThat(monitor.getCpuLimit()).isEqualTo(new CpuLimit(8.0, CpuLimit.Source.CGROUP_V2, 8));
	}

	@Test
	void refreshWhenListenerFailsShouldStillNotifyTheOthers() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "100000\n");
		CpuLimitMonitor monitor = new CpuLimitMonitor(fixture.detector(8, 1), null, Duration.ZERO);
		AtomicInteger notified = new AtomicInteger();
		monitor.addListener((previous, current) -> {
			throw new IllegalStateException("boom");
		});
		monitor.addListener((previous, current) -> notified.incrementAndGet());
		fixture.write(CPU_MAX, "200000\n");
		monitor.refresh();
		assertThat(notified).hasValue(1);
	}

	@Test
	void startShouldRefreshOnADaemonThreadOfItsOwnUntilStopped() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "100000 100000\n");
		CpuLimitMonitor monitor = new CpuLimitMonitor(fixture.detector(8, 1), null, Duration.ofMillis(50));
		List<Thread> threads = new CopyOnWriteArrayList<>();
		monitor.addListener((previous, current) -> threads.add(Thread.currentThread()));
		monitor.start();
		try {
			assertThat(monitor.isRunning()).isTrue();
			fixture.write(CPU_MAX, "300000 100000\n");
			await().atMost(Duration.ofSeconds(10)).until(() -> monitor.getCpuLimit().limit() == 3.0);
			await().atMost(Duration.ofSeconds(10)).until(() -> !threads.isEmpty());
			Thread thread = threads.get(0);
			assertThat(thread.getName()).isEqualTo("concurrency-cpu-limit-refresh");
			assertThat(thread.isDaemon()).isTrue();
			monitor.stop();
			assertThat(monitor.isRunning()).isFalse();
			await().atMost(Duration.ofSeconds(10)).until(() -> !thread.isAlive());
		}
		finally {
			monitor.stop();
		}
	}

	@Test
	void startWhenIntervalIsZeroShouldNotStartAThread() {
		CgroupFixture fixture = CgroupFixture.v2(this.root);
		CpuLimitMonitor monitor = new CpuLimitMonitor(fixture.detector(8, 8), null, Duration.ZERO);
		// application contexts that other tests keep cached run monitors of their own
		Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
		monitor.start();
		assertThat(monitor.isRunning()).isFalse();
		assertThat(Thread.getAllStackTraces().keySet()).filteredOn((thread) -> !before.contains(thread))
			.noneMatch((thread) -> thread.getName().equals("concurrency-cpu-limit-refresh"));
	}

}
