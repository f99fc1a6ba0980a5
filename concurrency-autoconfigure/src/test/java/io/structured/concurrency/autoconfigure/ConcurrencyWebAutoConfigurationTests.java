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
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.structured.concurrency.web.servlet.ConcurrencyExceptionResolver;
import io.structured.concurrency.web.servlet.RequestScopeFilter;
import io.structured.concurrency.web.servlet.RequestScopeWebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConcurrencyWebAutoConfiguration}.
 */
class ConcurrencyWebAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class,
				ConcurrencyWebAutoConfiguration.class));

	@Test
	void filterShouldBeRegisteredEarlyForRequestAndAsyncDispatches() {
		this.contextRunner.run((context) -> {
			FilterRegistrationBean<RequestScopeFilter> registration = filterRegistration(context);
			assertThat(registration.getOrder()).isEqualTo(RequestScopeFilter.DEFAULT_ORDER);
			assertThat(registration.determineDispatcherTypes())
				.isEqualTo(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
			assertThat(registration.isAsyncSupported()).isTrue();
			assertThat(context).hasSingleBean(ConcurrencyExceptionResolver.class)
				.hasSingleBean(RequestScopeWebMvcConfigurer.class);
		});
	}

	@Test
	void filterShouldRunActuatorRequestsWithoutScopeByDefault() {
		this.contextRunner.run((context) -> {
			RequestScopeFilter filter = filter(context);
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/tasks");
			MockFilterChain chain = new MockFilterChain();
			filter.doFilter(request, new MockHttpServletResponse(), chain);
			assertThat(RequestScopeFilter.getRequestScope(Objects.requireNonNull(chain.getRequest()))).isNull();
			assertThat(context.getBean(ConcurrencyProperties.class).getRequest().getExcludedPaths())
				.containsExactly("/actuator/**");
		});
	}

	@Test
	void filterShouldUseTheConfiguredExcludedPaths() {
		this.contextRunner.withPropertyValues("concurrency.request.excluded-paths=/health/**").run((context) -> {
			RequestScopeFilter filter = filter(context);
			assertThat(scopeOpened(filter, "/health/live")).isFalse();
			assertThat(scopeOpened(filter, "/actuator/tasks")).isTrue();
		});
	}

	@Test
	void filterShouldCountMalformedTimeoutHeadersInTheMeterRegistry() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			RequestScopeFilter filter = filter(context);
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
			request.addHeader("X-Request-Timeout", "2s");
			filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
			assertThat(registry.get("concurrency.deadline.header.invalid").counter().count()).isEqualTo(1);
		});
	}

	@Test
	void filterShouldUseTheConfiguredTimeouts() {
		this.contextRunner
			.withPropertyValues("concurrency.request.default-timeout=7s", "concurrency.request.max-timeout=9s",
					"concurrency.request.timeout-header=Timeout-Ms")
			.run((context) -> {
				RequestScopeFilter filter = filter(context);
				assertThat(remainingAtDispatch(filter, null)).isBetween(Duration.ofSeconds(6), Duration.ofSeconds(7));
				assertThat(remainingAtDispatch(filter, "60000")).isBetween(Duration.ofSeconds(8),
						Duration.ofSeconds(9));
			});
	}

	@Test
	void exceptionResolverShouldSendTheConfiguredRetryAfter() {
		this.contextRunner.withPropertyValues("concurrency.request.retry-after=3s").run((context) -> {
			MockHttpServletResponse response = new MockHttpServletResponse();
			context.getBean(ConcurrencyExceptionResolver.class)
				.resolveException(new MockHttpServletRequest("GET", "/fanout"), response, null,
						new TaskRejectedException("full"));
			assertThat(response.getStatus()).isEqualTo(503);
			assertThat(response.getHeader("Retry-After")).isEqualTo("3");
		});
	}

	@Test
	void filterWhenMicrometerIsMissingShouldStillOpenScopes() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core")).run((context) -> {
			RequestScopeFilter filter = filter(context);
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
			request.addHeader("X-Request-Timeout", "2s");
			MockFilterChain chain = new MockFilterChain();
			filter.doFilter(request, new MockHttpServletResponse(), chain);
			assertThat(RequestScopeFilter.getRequestScope(Objects.requireNonNull(chain.getRequest()))).isNotNull();
		});
	}

	@Test
	void filterWhenDisabledShouldNotBeRegistered() {
		this.contextRunner.withPropertyValues("concurrency.request.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean(RequestScopeWebMvcConfigurer.class)
				.hasSingleBean(ConcurrencyExceptionResolver.class));
	}

	@Test
	void filterWhenNotAWebApplicationShouldNotBeRegistered() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class,
					ConcurrencyAutoConfiguration.class, ConcurrencyWebAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean(ConcurrencyExceptionResolver.class));
	}

	@Test
	void filterWhenServletApiIsMissingShouldNotBeRegistered() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(jakarta.servlet.Filter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void exceptionResolverShouldBackOffWhenTheUserDefinesOne() {
		this.contextRunner
			.withBean("customResolver", ConcurrencyExceptionResolver.class,
					() -> new ConcurrencyExceptionResolver(Duration.ofSeconds(42)))
			.run((context) -> assertThat(context).hasSingleBean(ConcurrencyExceptionResolver.class)
				.hasBean("customResolver"));
	}

	private static RequestScopeFilter filter(ApplicationContext context) {
		return Objects.requireNonNull(filterRegistration(context).getFilter());
	}

	@SuppressWarnings("unchecked")
	private static FilterRegistrationBean<RequestScopeFilter> filterRegistration(ApplicationContext context) {
		String[] names = context.getBeanNamesForType(
				ResolvableType.forClassWithGenerics(FilterRegistrationBean.class, RequestScopeFilter.class));
		assertThat(names).hasSize(1);
		return context.getBean(names[0], FilterRegistrationBean.class);
	}

	private static boolean scopeOpened(RequestScopeFilter filter, String path) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(new MockHttpServletRequest("GET", path), new MockHttpServletResponse(), chain);
		return RequestScopeFilter.getRequestScope(Objects.requireNonNull(chain.getRequest())) != null;
	}

	private static Duration remainingAtDispatch(RequestScopeFilter filter, @Nullable String header) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		if (header != null) {
			request.addHeader("Timeout-Ms", header);
		}
		AtomicReference<@Nullable Duration> remaining = new AtomicReference<>();
		filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> remaining
			.set(Objects.requireNonNull(RequestScopeFilter.getRequestScope(req)).getToken().getRemaining()));
		return Objects.requireNonNull(remaining.get());
	}

}
