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

package io.structured.concurrency.executor;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.TaskRejectedException;

import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.autoconfigure.ContextPropagationAutoConfiguration;
import io.structured.concurrency.autoconfigure.CpuLimitAutoConfiguration;
import io.structured.concurrency.autoconfigure.GracefulShutdownAutoConfiguration;
import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.testsupport.CapturedLogs;
import io.structured.concurrency.testsupport.Timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Case TP-04: the timeline of {@link GracefulShutdown} when the context closes, with and
 * without a drain, on the platform-thread {@code cpu} executor and on the virtual-thread
 * {@code io} executor. The timeout is counted from the end of the drain.
 */
class GracefulShutdownTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class,
				ContextPropagationAutoConfiguration.class, GracefulShutdownAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class))
		.withPropertyValues("concurrency.shutdown.timeout=1s");

	private final AtomicBoolean releaseT2 = new AtomicBoolean();

	private CapturedLogs logs;

	@BeforeEach
	void captureLogs() {
		this.logs = CapturedLogs.starter();
	}

	@AfterEach
	void releaseStraggler() {
		this.releaseT2.set(true);
		this.logs.close();
	}

	@ParameterizedTest(name = "drain {0}ms on {1}")
	@CsvSource({ "0, cpu", "1000, cpu", "0, io", "1000, io" })
	void shutdownFollowsTimeline(long drainMillis, String executorName) {
		boolean virtual = executorName.equals("io");
		if (virtual) {
			assumeThat(Threads.virtualThreadsAvailable()).as("virtual threads need Java 21 or later").isTrue();
		}
		this.contextRunner.withPropertyValues("concurrency.shutdown.drain=" + drainMillis + "ms").run((context) -> {
			BoundedExecutor executor = context.getBean(executorName + "TaskExecutor", BoundedExecutor.class);
			TaskScopes scopes = context.getBean(TaskScopes.class);
			CountDownLatch started = new CountDownLatch(2);
			AtomicLong t1InterruptedAt = new AtomicLong();
			AtomicReference<Thread> t1Thread = new AtomicReference<>();
			TaskScope scope = scopes.builder("shutdown").executor(executor).open();
			scope.fork("T1", () -> {
				t1Thread.set(Thread.currentThread());
				started.countDown();
				try {
					Thread.sleep(10_000);
				}
				catch (InterruptedException ex) {
					t1InterruptedAt.set(System.nanoTime());
				}
				return null;
			});
			TaskFuture<Object> t2 = scope.fork("T2", () -> {
				started.countDown();
				long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
				while (!this.releaseT2.get() && System.nanoTime() < end) {
					Thread.interrupted();
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
				}
				return null;
			});
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(isVirtual(t1Thread.get())).isEqualTo(virtual);
			AtomicReference<Object> probe = new AtomicReference<>();
			AtomicReference<@Nullable CancellationReason> reasonAtProbe = new AtomicReference<>();
			long start = System.nanoTime();
			Instant startInstant = Instant.now();
			Thread prober = new Thread(() -> {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
				try {
					executor.submit(() -> null);
					probe.set("accepted");
				}
				catch (TaskRejectedException ex) {
					probe.set(ex);
				}
				reasonAtProbe.set(scope.getToken().getReason());
			});
			prober.start();
			context.close();
			long closedMillis = Timing.millisSince(start);
			prober.join(10_000);
			assertThat(probe.get()).isInstanceOf(TaskRejectedException.class);
			assertThat(reasonAtProbe.get()).isEqualTo((drainMillis == 0) ? CancellationReason.SHUTDOWN : null);
			assertThat(scope.getToken().getReason()).isEqualTo(CancellationReason.SHUTDOWN);
			long t1Millis = (t1InterruptedAt.get() - start) / 1_000_000;
			assertThat(t1InterruptedAt.get()).isNotZero();
			assertThat(t1Millis).isGreaterThanOrEqualTo(drainMillis)
				.isLessThanOrEqualTo(drainMillis + Timing.tolerance(100).toMillis());
			List<ILoggingEvent> warnings = this.logs.events(Level.WARN);
			assertThat(warnings).hasSize(1);
			ILoggingEvent warning = warnings.get(0);
			long warnMillis = Duration.between(startInstant, warning.getInstant()).toMillis();
			assertThat(warning.getFormattedMessage()).contains("#" + t2.getNode().getId() + " 'T2'")
				.doesNotContain("T1");
			assertThat(warnMillis).isGreaterThanOrEqualTo(drainMillis + 1000).isGreaterThan(t1Millis);
			assertThat(closedMillis).isGreaterThanOrEqualTo(warnMillis)
				.isLessThanOrEqualTo(drainMillis + 1000 + Timing.tolerance(500).toMillis());
		});
	}

	private static boolean isVirtual(Thread thread) throws Exception {
		if (!Threads.virtualThreadsAvailable()) {
			return false;
		}
		Method isVirtual = Thread.class.getMethod("isVirtual");
		return (boolean) isVirtual.invoke(thread);
	}

}
