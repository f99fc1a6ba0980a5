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
import io.structured.concurrency.testsupport.CapturedLogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link InvalidConcurrencyPropertyFailureAnalyzer} and the startup checks of
 * {@link ConcurrencyPropertiesValidator}. A value out of range for one property is a row
 * of {@link InvalidPropertyTableTests}.
 */
class InvalidConcurrencyPropertyFailureAnalyzerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class))
		.withPropertyValues("concurrency.cpu.refresh-interval=0");

	@TempDir
	Path root;

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
	void startupWithDefaultsShouldPass() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void analyzerShouldBeRegisteredSoThatSpringApplicationReportsTheAnalysis() {
		assertThat(failedStartupReport("--concurrency.executors.cpu.threads=0"))
			.anySatisfy((message) -> assertThat(message).contains("APPLICATION FAILED TO START")
				.contains("Invalid value '0' for property 'concurrency.executors.cpu.threads'")
				.contains("Set 'concurrency.executors.cpu.threads' to 1 or more"));
	}

	@Test
	void malformedValueShouldBeReportedByOurAnalyzerBeforeSpringBootsOwn() {
		assertThat(failedStartupReport("--concurrency.request.default-timeout=10 parsecs"))
			.anySatisfy((message) -> assertThat(message).contains("APPLICATION FAILED TO START")
				.contains("Invalid value '10 parsecs' for property 'concurrency.request.default-timeout': "
						+ "the value must be a duration.")
				.contains("Set 'concurrency.request.default-timeout' to a whole number followed by a unit")
				.doesNotContain("Failed to bind properties"));
	}

	private static List<String> failedStartupReport(String setting) {
		String loggingSystem = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);
		System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
		try (CapturedLogs logs = CapturedLogs.of("org.springframework.boot")) {
			SpringApplication application = new SpringApplication(MinimalApplication.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			assertThatException().isThrownBy(() -> application.run(setting, "--spring.main.banner-mode=off",
					"--concurrency.cpu.refresh-interval=0"));
			return logs.messages(Level.ERROR);
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
