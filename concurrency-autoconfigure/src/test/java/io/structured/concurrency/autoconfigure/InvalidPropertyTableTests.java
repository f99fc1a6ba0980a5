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

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.cpu.CpuLimitMonitor;
import io.structured.concurrency.executor.BoundedExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input: {@code concurrency.*} properties with wrong units, forms or ranges, one
 * row per value. A bad value stops the application with a failure analysis, found as a
 * running application finds it (every {@link FailureAnalyzer} registered in
 * {@code spring.factories}, in order), that names the property and the value and says
 * what is accepted; an edge value that is valid starts the application.
 */
class InvalidPropertyTableTests {

	private static final String DURATION = "a whole number followed by a unit (ns, us, ms, s, m, h or d), "
			+ "such as 500ms or 10s, or an ISO-8601 duration such as PT10S.";

	private static final String WHOLE_NUMBER = "a whole number, such as 8, with no unit and at most 2147483647.";

	private static final String NUMBER = "a number, such as 2 or 1.5.";

	private static final String BOOLEAN = "true or false.";

	private static final String CPU_LIMIT = "Set 'concurrency.cpu.limit' to the number of CPUs to size pools for, "
			+ "such as 1.5, or remove it to read the limit from the cgroup.";

	private static final String CPU_THREADS = "Set 'concurrency.executors.cpu.threads' to 1 or more, "
			+ "or remove it to size the pool from the CPU limit.";

	private static final String DEFAULT_TIMEOUT = "such as 30s; a request with no time at all would fail at once.";

	private static final String MAX_TIMEOUT = "such as 5m; with no time at all every request that sends a timeout "
			+ "would fail at once.";

	private static final String HEADER = "be a header name: letters, digits and the symbols !#$%&'*+-.^_`|~, "
			+ "with no spaces";

	private static final Log logger = LogFactory.getLog(InvalidPropertyTableTests.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class,
				BulkheadAutoConfiguration.class))
		.withPropertyValues("concurrency.cpu.refresh-interval=0");

	static Stream<Arguments> invalidRows() {
		return Stream.of(
				// concurrency.request
				positive("concurrency.request.default-timeout=-1s", "-1s", DEFAULT_TIMEOUT),
				positive("concurrency.request.default-timeout=0", "0s", DEFAULT_TIMEOUT),
				malformed("concurrency.request.default-timeout=abc", "a duration", DURATION),
				malformed("concurrency.request.default-timeout=10 parsecs", "a duration", DURATION),
				malformed("concurrency.request.default-timeout=1.5s", "a duration", DURATION),
				positive("concurrency.request.max-timeout=-5s", "-5s", MAX_TIMEOUT),
				positive("concurrency.request.max-timeout=0ms", "0s", MAX_TIMEOUT),
				malformed("concurrency.request.max-timeout=5 minutes", "a duration", DURATION),
				negative("concurrency.request.retry-after=-2s", "-2s"),
				malformed("concurrency.request.retry-after=soon", "a duration", DURATION),
				invalid("concurrency.request.timeout-header=", "concurrency.request.timeout-header", "", HEADER,
						"Set 'concurrency.request.timeout-header' to the name of a header, such as X-Request-Timeout."),
				invalid("concurrency.request.timeout-header=X Request Timeout", "concurrency.request.timeout-header",
						"X Request Timeout", HEADER,
						"Set 'concurrency.request.timeout-header' to the name of a header"),
				invalid("concurrency.request.id-header=", "concurrency.request.id-header", "", HEADER,
						"Set 'concurrency.request.id-header' to the name of a header"),
				malformed("concurrency.request.outlived-tasks=sideways", "one of report, cancel",
						"one of report, cancel."),
				malformed("concurrency.request.enabled=maybe", "true or false", BOOLEAN),
				// concurrency.cpu
				invalid("concurrency.cpu.limit=0", "concurrency.cpu.limit", "0.0", "be a finite number greater than 0",
						CPU_LIMIT),
				invalid("concurrency.cpu.limit=-2", "concurrency.cpu.limit", "-2.0",
						"be a finite number greater than 0", CPU_LIMIT),
				invalid("concurrency.cpu.limit=NaN", "concurrency.cpu.limit", "NaN",
						"be a finite number greater than 0", CPU_LIMIT),
				invalid("concurrency.cpu.limit=1e400", "concurrency.cpu.limit", "Infinity",
						"be a finite number greater than 0", CPU_LIMIT),
				malformed("concurrency.cpu.limit=abc", "a number", NUMBER),
				malformed("concurrency.cpu.limit=2 cpus", "a number", NUMBER),
				invalid("concurrency.cpu.refresh-interval=-5s", "concurrency.cpu.refresh-interval", "-5s",
						"not be negative",
						"Set 'concurrency.cpu.refresh-interval' to a positive duration, such as "
								+ "10s, or to 0 to read the limit only at startup."),
				malformed("concurrency.cpu.refresh-interval=often", "a duration", DURATION),
				malformed("concurrency.cpu.rounding=sideways", "one of ceil, floor", "one of ceil, floor."),
				// concurrency.executors.cpu
				invalid("concurrency.executors.cpu.threads=0", "concurrency.executors.cpu.threads", "0", "be 1 or more",
						CPU_THREADS),
				invalid("concurrency.executors.cpu.threads=-1", "concurrency.executors.cpu.threads", "-1",
						"be 1 or more", CPU_THREADS),
				malformed("concurrency.executors.cpu.threads=abc", "a whole number", WHOLE_NUMBER),
				malformed("concurrency.executors.cpu.threads=1.5", "a whole number", WHOLE_NUMBER),
				malformed("concurrency.executors.cpu.threads=99999999999", "a whole number", WHOLE_NUMBER),
				invalid("concurrency.executors.cpu.core-threads=0", "concurrency.executors.cpu.core-threads", "0",
						"be at least 1 and at most the number of threads",
						"Set 'concurrency.executors.cpu.core-threads' to a number from 1 to the number of threads, "
								+ "or remove it to keep as many core threads as threads."),
				invalid("concurrency.executors.cpu.core-threads=9|concurrency.executors.cpu.threads=8",
						"concurrency.executors.cpu.core-threads", "9", "be at least 1 and at most 8",
						"Set 'concurrency.executors.cpu.core-threads' to a number from 1 to 8, "
								+ "or remove it to keep as many core threads as threads."),
				invalid("concurrency.executors.cpu.threads-per-cpu=0", "concurrency.executors.cpu.threads-per-cpu", "0",
						"be 1 or more", "Set 'concurrency.executors.cpu.threads-per-cpu' to 1 or more."),
				invalid("concurrency.executors.cpu.threads-per-cpu=-3", "concurrency.executors.cpu.threads-per-cpu",
						"-3", "be 1 or more", "Set 'concurrency.executors.cpu.threads-per-cpu' to 1 or more."),
				invalid("concurrency.executors.cpu.queue-capacity=-2", "concurrency.executors.cpu.queue-capacity", "-2",
						"be 0 or more, or -1 for an unbounded queue", """
								Set 'concurrency.executors.cpu.queue-capacity' to a valid capacity:
									- 0 to hand each task straight to a thread
									- a positive number of tasks that may wait
									- -1 for an unbounded queue, with as many core threads as threads"""),
				malformed("concurrency.executors.cpu.queue-capacity=lots", "a whole number", WHOLE_NUMBER),
				// concurrency.executors.io
				invalid("concurrency.executors.io.max-concurrency=0", "concurrency.executors.io.max-concurrency", "0",
						"be 1 or more",
						"Set 'concurrency.executors.io.max-concurrency' to the number of tasks that "
								+ "may run at once, 1 or more."),
				invalid("concurrency.executors.io.max-concurrency=-1", "concurrency.executors.io.max-concurrency", "-1",
						"be 1 or more",
						"Set 'concurrency.executors.io.max-concurrency' to the number of "
								+ "tasks that may run at once, 1 or more."),
				invalid("concurrency.executors.io.queue-capacity=-1", "concurrency.executors.io.queue-capacity", "-1",
						"be 0 or more",
						"Set 'concurrency.executors.io.queue-capacity' to the number of tasks that "
								+ "may wait, or to 0 to reject a task as soon as every slot is taken."),
				negative("concurrency.executors.io.keep-alive=-250ms", "-250ms"),
				malformed("concurrency.executors.io.keep-alive=1 hour", "a duration", DURATION),
				malformed("concurrency.executors.io.virtual-threads=sometimes", "true or false", BOOLEAN),
				// concurrency.tasks
				invalid("concurrency.tasks.max-tracked=-1", "concurrency.tasks.max-tracked", "-1", "be 0 or more",
						"Set 'concurrency.tasks.max-tracked' to the number of live tasks to show in the task tree, "
								+ "such as 10000, or to 0 to only count them."),
				invalid("concurrency.tasks.max-leaks=-1", "concurrency.tasks.max-leaks", "-1", "be 0 or more",
						"Set 'concurrency.tasks.max-leaks' to the number of leaked tasks to keep for reporting, "
								+ "such as 100, or to 0 to only count them."),
				malformed("concurrency.tasks.max-leaks=1e3", "a whole number", WHOLE_NUMBER),
				negative("concurrency.tasks.leak-grace=-1s", "-1s"),
				malformed("concurrency.tasks.leak-grace=2 seconds", "a duration", DURATION),
				malformed("concurrency.tasks.creation-site=yes please", "true or false", BOOLEAN),
				// concurrency.shutdown
				negative("concurrency.shutdown.drain=-1s", "-1s"), negative("concurrency.shutdown.timeout=-1s", "-1s"),
				malformed("concurrency.shutdown.timeout=forever", "a duration", DURATION),
				// concurrency.bulkheads
				invalid("concurrency.bulkheads.suppliers.max-concurrent-calls=0",
						"concurrency.bulkheads.suppliers.max-concurrent-calls", "0", "be 1 or more",
						"Set 'concurrency.bulkheads.suppliers.max-concurrent-calls' to the number of calls that may "
								+ "run at once, 1 or more."),
				invalid("concurrency.bulkheads.suppliers.max-concurrent-calls=-1",
						"concurrency.bulkheads.suppliers.max-concurrent-calls", "-1", "be 1 or more",
						"Set 'concurrency.bulkheads.suppliers.max-concurrent-calls' to the number of calls that may "
								+ "run at once, 1 or more."),
				malformed("concurrency.bulkheads.suppliers.max-concurrent-calls=many", "a whole number", WHOLE_NUMBER),
				negative("concurrency.bulkheads.suppliers.max-wait=-50ms", "-50ms"),
				malformed("concurrency.bulkheads.suppliers.max-wait=abc", "a duration", DURATION));
	}

	static Stream<Arguments> validRows() {
		return Stream.of(valid("concurrency.cpu.limit=0.5", (context) -> assertThat(cpuThreads(context)).isOne()),
				valid("concurrency.cpu.limit=0.5|concurrency.cpu.rounding=floor",
						(context) -> assertThat(cpuThreads(context)).isOne()),
				valid("concurrency.cpu.limit=2.5|concurrency.cpu.rounding=FLOOR",
						(context) -> assertThat(cpuThreads(context)).isEqualTo(2)),
				valid("concurrency.cpu.limit=2.5|concurrency.cpu.rounding=ceil",
						(context) -> assertThat(cpuThreads(context)).isEqualTo(3)),
				valid("concurrency.cpu.refresh-interval=0",
						(context) -> assertThat(context.getBean(CpuLimitMonitor.class).getRefreshInterval()).isZero()),
				valid("concurrency.cpu.refresh-interval=PT0.5S",
						(context) -> assertThat(context.getBean(CpuLimitMonitor.class).getRefreshInterval())
							.isEqualTo(Duration.ofMillis(500))),
				valid("concurrency.executors.cpu.threads=1|concurrency.executors.cpu.queue-capacity=0", (context) -> {
					assertThat(cpuThreads(context)).isOne();
					assertThat(cpu(context).getThreadPoolExecutor().getQueue().remainingCapacity()).isZero();
				}),
				valid("concurrency.executors.cpu.queue-capacity=-1|concurrency.executors.cpu.threads=3", (context) -> {
					assertThat(cpu(context).getQueueCapacity()).isEqualTo(-1);
					assertThat(cpu(context).getThreadPoolExecutor().getQueue().remainingCapacity())
						.isEqualTo(Integer.MAX_VALUE);
				}),
				valid("concurrency.executors.io.queue-capacity=0|concurrency.executors.io.keep-alive=0",
						(context) -> assertThat(context
							.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME, BoundedExecutor.class)
							.getQueueCapacity()).isZero()),
				valid("concurrency.tasks.max-tracked=0|concurrency.tasks.max-leaks=0|concurrency.tasks.leak-grace=0",
						(context) -> assertThat(context).hasSingleBean(TaskRegistry.class)),
				valid("concurrency.request.default-timeout=",
						(context) -> assertThat(properties(context).getRequest().getDefaultTimeout())
							.as("an empty value leaves the default")
							.isEqualTo(Duration.ofSeconds(30))),
				valid("concurrency.request.default-timeout=500",
						(context) -> assertThat(properties(context).getRequest().getDefaultTimeout())
							.as("a duration without a unit is in milliseconds")
							.isEqualTo(Duration.ofMillis(500))),
				valid("concurrency.request.default-timeout=10m|concurrency.request.max-timeout=1m",
						(context) -> assertThat(properties(context).getRequest().getMaxTimeout())
							.as("the maximum caps the timeout a caller asks for, not the default")
							.isEqualTo(Duration.ofMinutes(1))),
				valid("concurrency.request.max-timeout=3650d",
						(context) -> assertThat(properties(context).getRequest().getMaxTimeout())
							.isEqualTo(Duration.ofDays(3650))),
				valid("concurrency.shutdown.drain=0|concurrency.shutdown.timeout=0",
						(context) -> assertThat(properties(context).getShutdown().getTimeout()).isZero()),
				valid("concurrency.bulkheads.suppliers.max-concurrent-calls=1|"
						+ "concurrency.bulkheads.suppliers.max-wait=0",
						(context) -> assertThat(context.getBean(BulkheadRegistry.class)
							.bulkhead("suppliers")
							.getBulkheadConfig()
							.getMaxConcurrentCalls()).isOne()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidRows")
	void invalidValueShouldStopStartupWithAnalysisNamingPropertyValueAndWhatIsAccepted(String settings, String property,
			String value, String requirement, String accepted) {
		this.contextRunner.withPropertyValues(settings.split("\\|")).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(Objects.requireNonNull(context.getStartupFailure()));
			assertThat(analysis.getDescription()).startsWith("Invalid value '" + value + "' for property '" + property
					+ "': the value must " + requirement + ".");
			assertThat(analysis.getAction()).startsWith("Set '" + property + "' to ").contains(accepted);
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("validRows")
	void validEdgeValueShouldStart(String settings, ContextConsumer<AssertableApplicationContext> check) {
		this.contextRunner.withPropertyValues(settings.split("\\|")).run((context) -> {
			assertThat(context).hasNotFailed();
			check.accept(context);
		});
	}

	/**
	 * Analyze a startup failure as a running application does: with every failure
	 * analyzer registered, in order, the first to answer winning, and analyzers that
	 * cannot be created (those for absent libraries) left out.
	 * @param failure the failure
	 * @return the analysis
	 */
	static FailureAnalysis analyze(Throwable failure) {
		SpringFactoriesLoader.ArgumentResolver arguments = SpringFactoriesLoader.ArgumentResolver
			.of(BeanFactory.class, new DefaultListableBeanFactory())
			.and(Environment.class, new StandardEnvironment());
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader
			.forDefaultResourceLocation(InvalidPropertyTableTests.class.getClassLoader())
			.load(FailureAnalyzer.class, arguments, SpringFactoriesLoader.FailureHandler.logging(logger));
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		throw new AssertionError("No failure analyzer analyzed " + failure);
	}

	private static Arguments negative(String setting, String value) {
		String property = setting.substring(0, setting.indexOf('='));
		return invalid(setting, property, value, "not be negative",
				"Set '" + property + "' to 0 or a positive duration, such as 10s.");
	}

	private static Arguments positive(String setting, String value, String example) {
		String property = setting.substring(0, setting.indexOf('='));
		return invalid(setting, property, value, "be greater than 0",
				"Set '" + property + "' to a positive duration, " + example);
	}

	private static Arguments malformed(String setting, String requirement, String accepted) {
		int equals = setting.indexOf('=');
		return invalid(setting, setting.substring(0, equals), setting.substring(equals + 1), "be " + requirement,
				accepted);
	}

	private static Arguments invalid(String settings, String property, String value, String requirement,
			String accepted) {
		return Arguments.of(settings, property, value, requirement, accepted);
	}

	private static Arguments valid(String settings, ContextConsumer<AssertableApplicationContext> check) {
		return Arguments.of(settings, check);
	}

	private static BoundedExecutor cpu(AssertableApplicationContext context) {
		return context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME, BoundedExecutor.class);
	}

	private static int cpuThreads(AssertableApplicationContext context) {
		return cpu(context).getMaxPoolSize();
	}

	private static ConcurrencyProperties properties(AssertableApplicationContext context) {
		return context.getBean(ConcurrencyProperties.class);
	}

}
