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

package io.structured.concurrency.test;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.Threads;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TaskLeakExtension}. The example classes below are run through JUnit's
 * engine test kit, never on their own.
 */
class TaskLeakExtensionTests {

	@Test
	void leakShouldFailTheTestThatLeakedAndNotTheNextOne() {
		// LK-01
		Events tests = run(LeakingExample.class);
		tests.assertStatistics((stats) -> stats.started(2).succeeded(1).failed(1));
		assertThat(displayNames(tests.succeeded())).containsExactly("cleanTestRunsAfterTheLeak()");
		assertThat(displayNames(tests.failed())).containsExactly("leaksATask()");
		Throwable failure = failure(tests.failed().list().get(0));
		assertThat(failure).isInstanceOf(AssertionError.class);
		assertThat(failure.getMessage())
			.startsWith("1 leaked task: TaskLeakExtensionTests$LeakingExample.leaksATask" + System.lineSeparator())
			.contains("at io.structured.concurrency.test.TaskLeakExtensionTests$LeakingExample.leaksATask("
					+ "TaskLeakExtensionTests.java:")
			.doesNotContain("Common-Cleaner")
			.doesNotContain("Attach Listener")
			.doesNotContain("process reaper")
			.doesNotContain("not-ours");
	}

	@Test
	void leaksShouldBeFoundInSpringTestContextAndListedInOneMessage() {
		Events tests = run(SpringLeakingExample.class);
		tests.assertStatistics((stats) -> stats.started(2).succeeded(1).failed(1));
		assertThat(displayNames(tests.succeeded())).containsExactly("taskEndsWithinSettlePeriod()");
		Throwable failure = failure(tests.failed().list().get(0));
		assertThat(failure.getMessage()).startsWith("2 leaked tasks: first, second" + System.lineSeparator())
			.contains("task ")
			.contains("'first'")
			.contains("'second'")
			.contains("SpringLeakingExample.leaksTwoTasks(TaskLeakExtensionTests.java:");
	}

	@Test
	void extensionWithoutRegistryShouldReportHowToConfigureIt() {
		Events tests = run(NoRegistryExample.class);
		tests.assertStatistics((stats) -> stats.failed(1));
		assertThat(failure(tests.failed().list().get(0))).isInstanceOf(ExtensionConfigurationException.class)
			.hasMessageContaining("TaskLeakExtension.forRegistry(registry)");
	}

	private static Events run(Class<?> testClass) {
		return EngineTestKit.engine("junit-jupiter")
			.selectors(DiscoverySelectors.selectClass(testClass))
			.execute()
			.testEvents();
	}

	private static List<String> displayNames(Events events) {
		return events.map((event) -> event.getTestDescriptor().getDisplayName()).toList();
	}

	private static Throwable failure(Event event) {
		return event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	static class LeakingExample {

		static final TaskRegistry registry = new TaskRegistry(1000, 100, Duration.ofSeconds(2), true);

		@RegisterExtension
		static final TaskLeakExtension leaks = TaskLeakExtension.forRegistry(registry);

		static BoundedExecutor executor;

		@BeforeAll
		static void startExecutor() {
			executor = new BoundedExecutor("example", registry, 2, 2, 10, Duration.ofSeconds(1), false,
					Threads.platform("example"), null);
		}

		@AfterAll
		static void stopExecutor() {
			executor.close();
		}

		@Test
		@Order(1)
		void leaksATask() {
			executor.execute(() -> sleepQuietly(5000));
		}

		@Test
		@Order(2)
		void cleanTestRunsAfterTheLeak() throws Exception {
			Thread notOurs = new Thread(() -> sleepQuietly(1000), "not-ours");
			notOurs.setDaemon(true);
			notOurs.start();
			String javaCommand = ProcessHandle.current().info().command().orElse("java");
			Process process = new ProcessBuilder(javaCommand, "-version").redirectErrorStream(true).start();
			process.getInputStream().transferTo(OutputStream.nullOutputStream());
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}

	}

	@SpringJUnitConfig(SpringLeakingExample.Config.class)
	@ExtendWith(TaskLeakExtension.class)
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	static class SpringLeakingExample {

		private static final CountDownLatch release = new CountDownLatch(1);

		@Autowired
		private BoundedExecutor executor;

		@AfterAll
		static void release() {
			release.countDown();
		}

		@Test
		@Order(1)
		void leaksTwoTasks() {
			this.executor.execute("first", this::awaitRelease);
			this.executor.execute("second", this::awaitRelease);
		}

		@Test
		@Order(2)
		void taskEndsWithinSettlePeriod() {
			this.executor.execute("short", () -> sleepQuietly(50));
		}

		private void awaitRelease() {
			try {
				release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Configuration(proxyBeanMethods = false)
		static class Config {

			@Bean
			TaskRegistry taskRegistry() {
				return new TaskRegistry();
			}

			@Bean(destroyMethod = "close")
			BoundedExecutor executor(TaskRegistry registry) {
				return new BoundedExecutor("spring-example", registry, 4, 4, 10, Duration.ofSeconds(1), false,
						Threads.platform("spring-example"), null);
			}

		}

	}

	@ExtendWith(TaskLeakExtension.class)
	static class NoRegistryExample {

		@Test
		void runs() {
		}

	}

}
