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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.structured.concurrency.actuate.ConcurrencyHealthIndicator;
import io.structured.concurrency.actuate.TasksEndpoint;
import io.structured.concurrency.actuate.TasksEndpointWebExtension;
import io.structured.concurrency.actuate.metrics.BoundedExecutorMetrics;
import io.structured.concurrency.actuate.metrics.BulkheadRejectionMetrics;
import io.structured.concurrency.actuate.metrics.CpuLimitMetrics;
import io.structured.concurrency.actuate.metrics.ExecutorTimers;
import io.structured.concurrency.actuate.metrics.TaskMetrics;
import io.structured.concurrency.bulkhead.DeadlineAwareBulkheads;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskLeakLogger;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.cpu.CpuLimit;
import io.structured.concurrency.cpu.CpuLimitMonitor;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.GracefulShutdown;
import io.structured.concurrency.testsupport.CapturedLogs;
import io.structured.concurrency.web.client.DeadlineClientHttpRequestInterceptor;
import io.structured.concurrency.web.servlet.ConcurrencyExceptionResolver;
import io.structured.concurrency.web.servlet.RequestScopeFilter;
import io.structured.concurrency.web.servlet.RequestScopeWebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter backs off, with no error, from each optional piece that is missing, and
 * what remains still works. Every case starts all of the starter's auto-configurations,
 * read from its {@code AutoConfiguration.imports}, with the Spring Boot
 * auto-configurations of the pieces that are present; a missing piece's Boot
 * auto-configurations are left out, as they are when its jar is absent, and its packages
 * are hidden with a {@link FilteredClassLoader}.
 *
 * <p>
 * A {@link FilteredClassLoader} hides classes from the conditions and from the bean
 * factory; classes that the starter's own classes link to directly still load from the
 * test class path, so these tests prove the conditions, not the absence of a stray
 * linkage.
 */
class BackOffTests {

	private static final List<Class<?>> STARTER = starterAutoConfigurations();

	private static final List<Class<?>> BOOT_CORE = List.of(TaskExecutionAutoConfiguration.class,
			JacksonAutoConfiguration.class);

	private static final List<Class<?>> BOOT_WEB = List.of(HttpMessageConvertersAutoConfiguration.class,
			DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class);

	private static final List<Class<?>> BOOT_ACTUATOR = List.of(EndpointAutoConfiguration.class,
			WebEndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
			HealthContributorRegistryAutoConfiguration.class);

	private static final List<Class<?>> BOOT_METRICS = List.of(MetricsAutoConfiguration.class,
			CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class);

	// spring-boot-starter-actuator brings both the actuator and Boot 4's health module
	private static final String[] NO_ACTUATOR = { "org.springframework.boot.actuate",
			"org.springframework.boot.health" };

	// micrometer-core and what cannot be there without it; context-propagation
	// (io.micrometer.context) and micrometer-observation are separate jars
	private static final String[] NO_MICROMETER = { "io.micrometer.core", "org.springframework.boot.micrometer.metrics",
			"io.github.resilience4j.micrometer" };

	private static final String[] NO_CONTEXT_PROPAGATION = { "io.micrometer.context" };

	private static final String[] NO_SERVLET_WEB = { "jakarta.servlet", "org.springframework.web.servlet",
			"org.springframework.boot.webmvc", "org.springframework.boot.web.servlet",
			"org.springframework.boot.servlet", "org.apache.catalina", "org.apache.tomcat" };

	private static final String[] NO_WEB = { "org.springframework.web", "org.springframework.http",
			"org.springframework.boot.restclient", "org.springframework.boot.http" };

	private static final String[] NO_RESILIENCE4J = { "io.github.resilience4j" };

	// a limit given by hand reads no cgroup file, so that the host running the tests
	// does not decide the pool sizes or add a WARN
	private static final String[] PROPERTIES = { "concurrency.cpu.limit=2",
			"management.endpoints.web.exposure.include=tasks" };

	private static final String UNROUTED = "GET UNKNOWN";

	private final CapturedLogs logs = CapturedLogs.starter();

	@TempDir
	Path root;

	@AfterEach
	void closeLogs() {
		this.logs.close();
	}

	@Test
	void starterAutoConfigurationsAreReadFromTheImportsFile() {
		assertThat(STARTER).contains(ConcurrencyAutoConfiguration.class, CpuLimitAutoConfiguration.class,
				ConcurrencyWebAutoConfiguration.class);
		assertThat(STARTER).hasSizeGreaterThanOrEqualTo(12);
	}

	@Test
	void withEverythingPresentEveryPieceIsThere() {
		// the baseline, so that each doesNotHaveBean below can fail
		webRunner(BOOT_WEB, BOOT_ACTUATOR, BOOT_METRICS).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(TasksEndpoint.class)
				.hasSingleBean(TasksEndpointWebExtension.class)
				.hasSingleBean(ConcurrencyHealthIndicator.class)
				.hasSingleBean(TaskMetrics.class)
				.hasSingleBean(BoundedExecutorMetrics.class)
				.hasSingleBean(ExecutorTimers.class)
				.hasSingleBean(CpuLimitMetrics.class)
				.hasSingleBean(ContextPropagatingTaskDecorator.class)
				.hasSingleBean(ConcurrencyExceptionResolver.class)
				.hasSingleBean(RequestScopeWebMvcConfigurer.class)
				.hasSingleBean(DeadlineClientHttpRequestInterceptor.class)
				.hasSingleBean(DeadlineAwareBulkheads.class)
				.hasSingleBean(BulkheadRejectionMetrics.class)
				.hasBean("invalidTimeoutHeaderMeterBinder");
			assertThat(requestScopeFilters(context)).hasSize(1);
			assertExecutorsAndScopesWork(context);
			assertRequestFilterWorks(context);
		});
		assertThat(this.logs.warnings()).isEmpty();
	}

	@Test
	void withoutActuator() {
		webRunner(BOOT_WEB, BOOT_METRICS).withClassLoader(new FilteredClassLoader(NO_ACTUATOR)).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(TasksEndpoint.class)
				.doesNotHaveBean(TasksEndpointWebExtension.class)
				.doesNotHaveBean(ConcurrencyHealthIndicator.class)
				.hasSingleBean(TaskRegistry.class)
				.hasSingleBean(TaskScopes.class)
				.hasSingleBean(GracefulShutdown.class)
				// Micrometer without the actuator still gets the starter's meters
				.hasSingleBean(TaskMetrics.class);
			assertThat(requestScopeFilters(context)).hasSize(1);
			assertExecutorsAndScopesWork(context);
			assertRequestFilterWorks(context);
			assertThat(context.getBean(MeterRegistry.class).get("concurrency.tasks.completed").counters()).isNotEmpty();
		});
		assertThat(this.logs.warnings()).isEmpty();
	}

	@Test
	void withoutMicrometer() {
		webRunner(BOOT_WEB, BOOT_ACTUATOR).withClassLoader(new FilteredClassLoader(NO_MICROMETER)).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(TaskMetrics.class)
				.doesNotHaveBean(BoundedExecutorMetrics.class)
				.doesNotHaveBean(ExecutorTimers.class)
				.doesNotHaveBean(CpuLimitMetrics.class)
				.doesNotHaveBean("invalidTimeoutHeaderMeterBinder")
				.doesNotHaveBean("taggedBulkheadMetrics")
				.doesNotHaveBean(BulkheadRejectionMetrics.class)
				// context-propagation is a jar of its own and stays
				.hasSingleBean(ContextPropagatingTaskDecorator.class)
				.hasSingleBean(TasksEndpoint.class)
				.hasSingleBean(ConcurrencyHealthIndicator.class)
				.hasSingleBean(DeadlineAwareBulkheads.class);
			assertExecutorsAndScopesWork(context);
			assertRequestFilterWorks(context);
			// a malformed header goes uncounted, but the request still gets its scope
			assertThat(requestThroughFilter(context, "2s")).isEqualTo(UNROUTED);
			assertThat(context.getBean(TasksEndpoint.class).tasks(null).executors()).containsOnlyKeys("cpu", "io");
		});
		assertThat(this.logs.warnings()).isEmpty();
	}

	@Test
	void withoutContextPropagation() throws Exception {
		// ContextPropagationAutoConfiguration backs off: no decorator carries the MDC or
		// other thread locals, but the executors still install the task context
		webRunner(BOOT_WEB, BOOT_ACTUATOR, BOOT_METRICS)
			.withClassLoader(new FilteredClassLoader(NO_CONTEXT_PROPAGATION))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(ContextPropagatingTaskDecorator.class)
					.doesNotHaveBean(ContextPropagationAutoConfiguration.ContextAccessorsRegistration.class)
					.hasSingleBean(TasksEndpoint.class)
					.hasSingleBean(TaskMetrics.class);
				assertExecutorsAndScopesWork(context);
				assertRequestFilterWorks(context);
				TaskScopes scopes = context.getBean(TaskScopes.class);
				try (RequestScope request = scopes.openRequest("GET /orders", Duration.ofSeconds(30), "req-1", null)) {
					TaskNode parent = io(context)
						.submit(() -> Objects.requireNonNull(TaskContext.current()).node().getParent())
						.get(10, TimeUnit.SECONDS);
					assertThat(parent).isSameAs(request.getNode());
				}
			});
		assertThat(this.logs.warnings()).isEmpty();
	}

	@Test
	void nonWebApplicationWithWebOnTheClassPath() {
		new ApplicationContextRunner().withConfiguration(configurations(BOOT_ACTUATOR, BOOT_METRICS))
			.withPropertyValues(PROPERTIES)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(ConcurrencyExceptionResolver.class)
					.doesNotHaveBean(RequestScopeWebMvcConfigurer.class)
					.doesNotHaveBean(FilterRegistrationBean.class)
					.doesNotHaveBean("invalidTimeoutHeaderMeterBinder")
					// an outbound client needs no servlet container
					.hasSingleBean(DeadlineClientHttpRequestInterceptor.class)
					.hasSingleBean(TasksEndpoint.class)
					.hasSingleBean(TaskMetrics.class);
				assertExecutorsAndScopesWork(context);
			});
		assertThat(this.logs.warnings()).isEmpty();
	}

	@Test
	void nonWebApplicationWithoutServletContainerOrWebMvc() {
		new ApplicationContextRunner().withConfiguration(configurations(BOOT_ACTUATOR, BOOT_METRICS))
			.withClassLoader(new FilteredClassLoader(NO_SERVLET_WEB))
			.withPropertyValues(PROPERTIES)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(ConcurrencyExceptionResolver.class)
					.doesNotHaveBean(RequestScopeWebMvcConfigurer.class)
					.doesNotHaveBean(FilterRegistrationBean.class)
					.doesNotHaveBean("invalidTimeoutHeaderMeterBinder")
					.hasSingleBean(TaskRegistry.class)
					.hasSingleBean(TaskScopes.class)
					.hasSingleBean(GracefulShutdown.class)
					.hasSingleBean(TaskLeakLogger.class)
					.hasSingleBean(TasksEndpoint.class)
					.hasSingleBean(TaskMetrics.class);
				assertExecutorsAndScopesWork(context);
			});
		assertThat(this.logs.warnings()).isEmpty();
	}

	@Test
	void hostWithoutCgroupFiles() {
		// no /proc/self/cgroup: the process is in no cgroup (a laptop, a VM, macOS),
		// which
		// is a valid answer and not a failure, so the JVM's count is used without a WARN
		int processors = Runtime.getRuntime().availableProcessors();
		cgroupReadingRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			assertFallsBackToTheJvmCount(context, processors);
			assertExecutorsAndScopesWork(context);
		});
		assertThat(this.logs.warnings()).isEmpty();
	}

	@Test
	void hostWithCgroupMembershipButNoCgroupFilesystem() throws Exception {
		// /proc/self/cgroup names a group, but there is no mountinfo to find it by: the
		// limit cannot be read, which one WARN says, naming the file and the property
		Path cgroup = this.root.resolve("proc/self/cgroup");
		Files.createDirectories(cgroup.getParent());
		Files.writeString(cgroup, "0::/\n");
		int processors = Runtime.getRuntime().availableProcessors();
		cgroupReadingRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			assertFallsBackToTheJvmCount(context, processors);
			assertExecutorsAndScopesWork(context);
		});
		assertThat(this.logs.warnings()).singleElement()
			.asString()
			.startsWith("Could not read the CPU limit")
			.contains(this.root.resolve("proc/self/mountinfo").toString())
			.contains("'concurrency.cpu.limit'");
	}

	@Test
	void everythingOptionalMissingAtOnce() {
		AtomicReference<@Nullable BoundedExecutor> cpu = new AtomicReference<>();
		AtomicReference<@Nullable BoundedExecutor> io = new AtomicReference<>();
		new ApplicationContextRunner().withConfiguration(configurations())
			.withClassLoader(new FilteredClassLoader(concat(NO_ACTUATOR, NO_MICROMETER, NO_CONTEXT_PROPAGATION,
					NO_SERVLET_WEB, NO_WEB, NO_RESILIENCE4J)))
			.withPropertyValues(PROPERTIES)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(TasksEndpoint.class)
					.doesNotHaveBean(ConcurrencyHealthIndicator.class)
					.doesNotHaveBean(TaskMetrics.class)
					.doesNotHaveBean(ExecutorTimers.class)
					.doesNotHaveBean(ContextPropagatingTaskDecorator.class)
					.doesNotHaveBean(ConcurrencyExceptionResolver.class)
					.doesNotHaveBean(FilterRegistrationBean.class)
					.doesNotHaveBean(DeadlineClientHttpRequestInterceptor.class)
					.doesNotHaveBean(DeadlineAwareBulkheads.class)
					.hasSingleBean(TaskRegistry.class)
					.hasSingleBean(CpuLimitMonitor.class)
					.hasSingleBean(TaskScopes.class)
					.hasSingleBean(GracefulShutdown.class)
					.hasSingleBean(TaskLeakLogger.class);
				assertExecutorsAndScopesWork(context);
				cpu.set(cpu(context));
				io.set(io(context));
			});
		// and the executors end with the context
		assertThat(Objects.requireNonNull(cpu.get()).getThreadPoolExecutor().isShutdown()).isTrue();
		assertThat(Objects.requireNonNull(io.get()).getThreadPoolExecutor().isShutdown()).isTrue();
		assertThat(this.logs.warnings()).isEmpty();
		assertThat(this.logs.messages(Level.ERROR)).isEmpty();
	}

	// all pieces present, with the limit read from the cgroup files below the temporary
	// root
	private WebApplicationContextRunner cgroupReadingRunner() {
		return new WebApplicationContextRunner()
			.withConfiguration(configurations(BOOT_WEB, BOOT_ACTUATOR, BOOT_METRICS))
			.withPropertyValues("management.endpoints.web.exposure.include=tasks",
					"concurrency.cpu.filesystem-root=" + this.root);
	}

	@SafeVarargs
	private static WebApplicationContextRunner webRunner(List<Class<?>>... bootGroups) {
		return new WebApplicationContextRunner().withConfiguration(configurations(bootGroups))
			.withPropertyValues(PROPERTIES);
	}

	@SafeVarargs
	private static AutoConfigurations configurations(List<Class<?>>... bootGroups) {
		List<Class<?>> classes = new ArrayList<>(STARTER);
		classes.addAll(BOOT_CORE);
		for (List<Class<?>> group : bootGroups) {
			classes.addAll(group);
		}
		return AutoConfigurations.of(classes.toArray(Class<?>[]::new));
	}

	private static List<Class<?>> starterAutoConfigurations() {
		ClassLoader classLoader = BackOffTests.class.getClassLoader();
		List<Class<?>> classes = new ArrayList<>();
		for (String name : ImportCandidates.load(AutoConfiguration.class, classLoader)) {
			if (name.startsWith("io.structured.concurrency.")) {
				try {
					classes.add(Class.forName(name, false, classLoader));
				}
				catch (ClassNotFoundException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		return List.copyOf(classes);
	}

	private static String[] concat(String[]... groups) {
		return Arrays.stream(groups).flatMap(Arrays::stream).toArray(String[]::new);
	}

	private static BoundedExecutor cpu(ApplicationContext context) {
		return context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME, BoundedExecutor.class);
	}

	private static BoundedExecutor io(ApplicationContext context) {
		return context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME, BoundedExecutor.class);
	}

	private static void assertExecutorsAndScopesWork(ApplicationContext context) throws Exception {
		assertThat(cpu(context).submit("cpu-task", () -> Thread.currentThread().getName() + " " + (6 * 7))
			.get(10, TimeUnit.SECONDS)).matches("cpu-\\d+ 42");
		assertThat(io(context).submit("io-task", () -> Thread.currentThread().getName() + " " + "done")
			.get(10, TimeUnit.SECONDS)).matches("io-\\d+ done");
		TaskRegistry registry = context.getBean(TaskRegistry.class);
		TaskFuture<Integer> first;
		TaskFuture<Integer> second;
		try (TaskScope scope = context.getBean(TaskScopes.class).open("back-off")) {
			first = scope.fork("first", () -> 20);
			second = scope.fork("second", () -> 22);
			scope.join();
			assertThat(first.getNode().getParent()).isSameAs(scope.getNode());
		}
		assertThat(first.join() + second.join()).isEqualTo(42);
		// a task leaves the registry just after its future completes
		await().atMost(Duration.ofSeconds(10)).until(registry::getActiveCount, (active) -> active == 0);
	}

	// sends a request through the starter's filter; the handler forks a task in a scope
	// under the request and returns the name of the request the task ran under, which
	// has no route pattern without Spring MVC's dispatch
	private static void assertRequestFilterWorks(ApplicationContext context) throws Exception {
		assertThat(requestThroughFilter(context, null)).isEqualTo(UNROUTED);
	}

	private static String requestThroughFilter(ApplicationContext context, @Nullable String timeoutHeader)
			throws Exception {
		List<FilterRegistrationBean<RequestScopeFilter>> filters = requestScopeFilters(context);
		assertThat(filters).hasSize(1);
		RequestScopeFilter filter = Objects.requireNonNull(filters.get(0).getFilter());
		TaskScopes scopes = context.getBean(TaskScopes.class);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		if (timeoutHeader != null) {
			request.addHeader("X-Request-Timeout", timeoutHeader);
		}
		AtomicReference<@Nullable String> ranUnder = new AtomicReference<>();
		filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
			RequestScope requestScope = Objects.requireNonNull(RequestScopeFilter.getRequestScope(req));
			try (TaskScope scope = scopes.open("lookup")) {
				TaskFuture<String> lookup = scope.fork("lookup",
						() -> Objects.requireNonNull(TaskContext.current()).node().getRoot().getName());
				scope.join();
				assertThat(scope.getNode().getParent()).isSameAs(requestScope.getNode());
				ranUnder.set(lookup.join());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		return Objects.requireNonNull(ranUnder.get());
	}

	@SuppressWarnings("unchecked")
	private static List<FilterRegistrationBean<RequestScopeFilter>> requestScopeFilters(ApplicationContext context) {
		String[] names = context.getBeanNamesForType(
				ResolvableType.forClassWithGenerics(FilterRegistrationBean.class, RequestScopeFilter.class));
		return Arrays.stream(names)
			.map((name) -> (FilterRegistrationBean<RequestScopeFilter>) context.getBean(name,
					FilterRegistrationBean.class))
			.toList();
	}

	private static void assertFallsBackToTheJvmCount(AssertableWebApplicationContext context, int processors) {
		CpuLimit limit = context.getBean(CpuLimitMonitor.class).getCpuLimit();
		assertThat(limit).isEqualTo(new CpuLimit(processors, CpuLimit.Source.JVM, processors));
		int threadsPerCpu = context.getBean(ConcurrencyProperties.class).getExecutors().getCpu().getThreadsPerCpu();
		assertThat(cpu(context).getMaxPoolSize()).isEqualTo(processors * threadsPerCpu);
		assertThat(context.getBean(TasksEndpoint.class).tasks(null).cpu())
			.isEqualTo(new TasksEndpoint.CpuDescriptor(processors, CpuLimit.Source.JVM, processors));
		assertThat(context.getBean(MeterRegistry.class).get("concurrency.cpu.limit").gauge().value())
			.isEqualTo(processors);
	}

}
