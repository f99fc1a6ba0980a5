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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

import io.structured.concurrency.context.MdcThreadLocalAccessor;
import io.structured.concurrency.context.TaskContextThreadLocalAccessor;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.executor.BoundedExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ContextPropagationAutoConfiguration} and the task decorators of the
 * executors.
 */
class ContextPropagationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class,
				ContextPropagationAutoConfiguration.class, TaskExecutionAutoConfiguration.class));

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void accessorsAreRegisteredOnceInGlobalRegistry() {
		this.contextRunner.run((context) -> this.contextRunner.run((again) -> {
			assertThat(again).hasSingleBean(ContextPropagatingTaskDecorator.class);
			List<Object> keys = ContextRegistry.getInstance()
				.getThreadLocalAccessors()
				.stream()
				.map(ThreadLocalAccessor::key)
				.toList();
			assertThat(keys).containsOnlyOnce(TaskContextThreadLocalAccessor.KEY, MdcThreadLocalAccessor.KEY);
		}));
	}

	@Test
	void decoratorBacksOffWhenApplicationDeclaresOne() {
		this.contextRunner.withUserConfiguration(UserPropagationConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ContextPropagatingTaskDecorator.class);
			assertThat(context).hasBean("userPropagation");
		});
	}

	@Test
	void executorsCarryMdcAndTaskContext() {
		this.contextRunner.run((context) -> {
			for (String name : List.of(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME,
					ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME)) {
				assertThat(
						describeTaskOf(context.getBean(TaskScopes.class), context.getBean(name, BoundedExecutor.class)))
					.isEqualTo("req-1 child of GET /orders");
			}
		});
	}

	@Test
	void executorsStillInstallTaskContextWithoutContextPropagation() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ContextRegistry.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(ContextPropagatingTaskDecorator.class);
			BoundedExecutor io = context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			assertThat(describeTaskOf(context.getBean(TaskScopes.class), io)).isEqualTo("null child of GET /orders");
		});
	}

	@Test
	void executorsComposeApplicationDecoratorsWithPropagationOutside() {
		this.contextRunner.withUserConfiguration(UserDecoratorConfiguration.class).run((context) -> {
			List<String> seen = context.getBean(UserDecoratorConfiguration.class).seen;
			TaskScopes scopes = context.getBean(TaskScopes.class);
			describeTaskOf(scopes,
					context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME, BoundedExecutor.class));
			describeTaskOf(scopes,
					context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME, BoundedExecutor.class));
			assertThat(seen).containsExactly("user saw req-1", "user saw req-1");
		});
	}

	@Test
	void decoratorProvidersAreAskedPerExecutorAndWrapOutermost() {
		this.contextRunner.withUserConfiguration(ProviderConfiguration.class).run((context) -> {
			ProviderConfiguration provider = context.getBean(ProviderConfiguration.class);
			assertThat(provider.asked).containsExactlyInAnyOrder("cpu", "io");
			describeTaskOf(context.getBean(TaskScopes.class),
					context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME, BoundedExecutor.class));
			assertThat(provider.seen).containsExactly("io before propagation: null");
		});
	}

	private static String describeTaskOf(TaskScopes scopes, BoundedExecutor executor) throws Exception {
		TaskNode requestNode;
		String description;
		try (RequestScope request = scopes.openRequest("GET /orders", Duration.ofSeconds(30), "req-1", null)) {
			MDC.put("requestId", "req-1");
			requestNode = request.getNode();
			description = executor.submit(() -> {
				TaskContext context = TaskContext.current();
				TaskNode parent = (context != null) ? context.node().getParent() : null;
				return MDC.get("requestId") + " child of " + ((parent == requestNode) ? parent.getName() : parent);
			}).get(10, TimeUnit.SECONDS);
		}
		finally {
			MDC.remove("requestId");
		}
		return description;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserPropagationConfiguration {

		@Bean
		ContextPropagatingTaskDecorator userPropagation() {
			return new ContextPropagatingTaskDecorator();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDecoratorConfiguration {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@Bean
		TaskDecorator userDecorator() {
			return (runnable) -> () -> {
				this.seen.add("user saw " + MDC.get("requestId"));
				runnable.run();
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ProviderConfiguration {

		final List<String> asked = new CopyOnWriteArrayList<>();

		final List<String> seen = new CopyOnWriteArrayList<>();

		@Bean
		ExecutorTaskDecoratorProvider provider() {
			return (name) -> {
				this.asked.add(name);
				return (runnable) -> () -> {
					this.seen.add(name + " before propagation: " + MDC.get("requestId"));
					runnable.run();
				};
			};
		}

	}

}
