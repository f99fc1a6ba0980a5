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
import java.util.List;
import java.util.Objects;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import io.structured.concurrency.cpu.CgroupFixture;
import io.structured.concurrency.cpu.CpuLimitDetector;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.testsupport.CapturedLogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link InvalidConcurrencyPropertyFailureAnalyzer} and the startup checks of
 * {@link ConcurrencyPropertiesValidator}.
 */
class InvalidConcurrencyPropertyFailureAnalyzerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class))
		.withPropertyValues("concurrency.cpu.refresh-interval=0");

	@TempDir
	Path root;

	@Test
	void startupWhenCpuLimitIsZeroShouldFailWithAnalysis() {
		assertFailure("concurrency.cpu.limit=0", """
				Invalid value '0.0' for property 'concurrency.cpu.limit': the value must be greater than 0.""", """
				Set 'concurrency.cpu.limit' to the number of CPUs to size pools for, such as 1.5, or remove it \
				to read the limit from the cgroup.""");
	}

	@Test
	void startupWhenCpuLimitIsNegativeShouldFailWithAnalysis() {
		assertFailure("concurrency.cpu.limit=-1.5", """
				Invalid value '-1.5' for property 'concurrency.cpu.limit': the value must be greater than 0.""", """
				Set 'concurrency.cpu.limit' to the number of CPUs to size pools for, such as 1.5, or remove it \
				to read the limit from the cgroup.""");
	}

	@Test
	void startupWhenRefreshIntervalIsNegativeShouldFailWithAnalysis() {
		assertFailure("concurrency.cpu.refresh-interval=-1s", """
				Invalid value '-1s' for property 'concurrency.cpu.refresh-interval': the value must not be \
				negative.""", """
				Set 'concurrency.cpu.refresh-interval' to a positive duration, such as 10s, or to 0 to read the \
				limit only at startup.""");
	}

	@Test
	void startupWhenCpuThreadsAreZeroShouldFailWithAnalysis() {
		assertFailure("concurrency.executors.cpu.threads=0", """
				Invalid value '0' for property 'concurrency.executors.cpu.threads': the value must be 1 or \
				more.""", """
				Set 'concurrency.executors.cpu.threads' to 1 or more, or remove it to size the pool from the \
				CPU limit.""");
	}

	@Test
	void startupWhenCpuThreadsAreNegativeShouldFailWithAnalysis() {
		assertFailure("concurrency.executors.cpu.threads=-4", """
				Invalid value '-4' for property 'concurrency.executors.cpu.threads': the value must be 1 or \
				more.""", """
				Set 'concurrency.executors.cpu.threads' to 1 or more, or remove it to size the pool from the \
				CPU limit.""");
	}

	@Test
	void startupWhenCoreThreadsAreZeroShouldFailWithAnalysis() {
		assertFailure("concurrency.executors.cpu.core-threads=0", """
				Invalid value '0' for property 'concurrency.executors.cpu.core-threads': the value must be at \
				least 1 and at most the number of threads.""", """
				Set 'concurrency.executors.cpu.core-threads' to a number from 1 to the number of threads, or \
				remove it to keep as many core threads as threads.""");
	}

	@Test
	void startupWhenCoreThreadsExceedThreadsShouldFailWithAnalysis() {
		assertFailure(List.of("concurrency.executors.cpu.core-threads=9", "concurrency.executors.cpu.threads=8"), """
				Invalid value '9' for property 'concurrency.executors.cpu.core-threads': the value must be at \
				least 1 and at most 8.""", """
				Set 'concurrency.executors.cpu.core-threads' to a number from 1 to 8, or remove it to keep as \
				many core threads as threads.""");
	}

	@Test
	void startupWhenThreadsPerCpuIsZeroShouldFailWithAnalysis() {
		assertFailure("concurrency.executors.cpu.threads-per-cpu=0", """
				Invalid value '0' for property 'concurrency.executors.cpu.threads-per-cpu': the value must be 1 \
				or more.""", """
				Set 'concurrency.executors.cpu.threads-per-cpu' to 1 or more.""");
	}

	@Test
	void startupWhenCpuQueueCapacityIsBelowMinusOneShouldFailWithAnalysis() {
		assertFailure("concurrency.executors.cpu.queue-capacity=-2", """
				Invalid value '-2' for property 'concurrency.executors.cpu.queue-capacity': the value must be 0 \
				or more, or -1 for an unbounded queue.""", """
				Set 'concurrency.executors.cpu.queue-capacity' to a valid capacity:
					- 0 to hand each task straight to a thread
					- a positive number of tasks that may wait
					- -1 for an unbounded queue, with as many core threads as threads""");
	}

	@Test
	void startupWhenCpuQueueIsUnboundedWithCoreEqualToMaxShouldStart() {
		this.contextRunner
			.withPropertyValues("concurrency.executors.cpu.queue-capacity=-1", "concurrency.executors.cpu.threads=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				BoundedExecutor cpu = context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME,
						BoundedExecutor.class);
				assertThat(cpu.getQueueCapacity()).isEqualTo(-1);
				assertThat(cpu.getThreadPoolExecutor().getQueue().remainingCapacity()).isEqualTo(Integer.MAX_VALUE);
			});
	}

	@Test
	void startupWhenUnboundedQueueMeetsCoreThreadsBelowTheLimitShouldFailWithAnalysis() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CgroupFixture.V2 + "/cpu.max", "800000 100000\n");
		this.contextRunner.withBean(CpuLimitDetector.class, () -> fixture.detector(8, 8))
			.withPropertyValues("concurrency.executors.cpu.queue-capacity=-1",
					"concurrency.executors.cpu.core-threads=2")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(Objects.requireNonNull(context.getStartupFailure()));
				assertThat(analysis.getDescription()).isEqualTo("""
						The 'cpu' executor has 2 core threads, a maximum of 8 threads and an unbounded queue \
						('concurrency.executors.cpu.queue-capacity' is -1). A pool with an unbounded queue never \
						starts more than its core threads, so 6 of its 8 threads would never run.""");
			});
	}

	@Test
	void startupWhenIoQueueCapacityIsNegativeShouldFailWithAnalysis() {
		assertFailure("concurrency.executors.io.queue-capacity=-1", """
				Invalid value '-1' for property 'concurrency.executors.io.queue-capacity': the value must be 0 \
				or more.""", """
				Set 'concurrency.executors.io.queue-capacity' to the number of tasks that may wait, or to 0 to \
				reject a task as soon as every slot is taken.""");
	}

	@Test
	void startupWhenIoMaxConcurrencyIsZeroShouldFailWithAnalysis() {
		assertFailure("concurrency.executors.io.max-concurrency=0", """
				Invalid value '0' for property 'concurrency.executors.io.max-concurrency': the value must be 1 \
				or more.""", """
				Set 'concurrency.executors.io.max-concurrency' to the number of tasks that may run at once, 1 \
				or more.""");
	}

	@Test
	void startupWhenIoKeepAliveIsNegativeShouldFailWithAnalysis() {
		assertNegativeDuration("concurrency.executors.io.keep-alive", "-250ms");
	}

	@Test
	void startupWhenRequestDurationsAreNegativeShouldFailWithAnalysis() {
		assertNegativeDuration("concurrency.request.default-timeout", "-1s");
		assertNegativeDuration("concurrency.request.max-timeout", "-5s");
		assertNegativeDuration("concurrency.request.retry-after", "-2s");
	}

	@Test
	void startupWhenTaskAndShutdownDurationsAreNegativeShouldFailWithAnalysis() {
		assertNegativeDuration("concurrency.tasks.leak-grace", "-100ms");
		assertNegativeDuration("concurrency.shutdown.drain", "-1s");
		assertNegativeDuration("concurrency.shutdown.timeout", "-10s");
	}

	@Test
	void startupWhenBulkheadMaxWaitIsNegativeShouldFailWithAnalysis() {
		assertNegativeDuration("concurrency.bulkheads.suppliers.max-wait", "-50ms");
	}

	@Test
	void startupWithDefaultsShouldPass() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void analyzerShouldBeRegisteredSoThatSpringApplicationReportsTheAnalysis() {
		String loggingSystem = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);
		System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
		try (CapturedLogs logs = CapturedLogs.of("org.springframework.boot")) {
			SpringApplication application = new SpringApplication(MinimalApplication.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			assertThatException().isThrownBy(() -> application.run("--concurrency.executors.cpu.threads=0",
					"--spring.main.banner-mode=off", "--concurrency.cpu.refresh-interval=0"));
			assertThat(logs.messages(Level.ERROR))
				.anySatisfy((message) -> assertThat(message).contains("APPLICATION FAILED TO START")
					.contains("Invalid value '0' for property 'concurrency.executors.cpu.threads'")
					.contains("Set 'concurrency.executors.cpu.threads' to 1 or more"));
		}
		finally {
			if (loggingSystem != null) {
				System.setProperty(LoggingSystem.SYSTEM_PROPERTY, loggingSystem);
			}
			else {
				System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
			}
		}
	}

	private void assertNegativeDuration(String property, String value) {
		assertFailure(property + "=" + value,
				"Invalid value '" + value + "' for property '" + property + "': the value must not be negative.",
				"Set '" + property + "' to 0 or a positive duration, such as 10s.");
	}

	private void assertFailure(String property, String description, String action) {
		assertFailure(List.of(property), description, action);
	}

	private void assertFailure(List<String> properties, String description, String action) {
		this.contextRunner.withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).isInstanceOf(BeanCreationException.class);
			FailureAnalysis analysis = analyze(Objects.requireNonNull(context.getStartupFailure()));
			assertThat(analysis.getDescription()).isEqualTo(description);
			assertThat(analysis.getAction()).isEqualTo(action);
		});
	}

	static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new InvalidConcurrencyPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("analysis of %s", failure).isNotNull();
		return Objects.requireNonNull(analysis);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class })
	static class MinimalApplication {

	}

}
