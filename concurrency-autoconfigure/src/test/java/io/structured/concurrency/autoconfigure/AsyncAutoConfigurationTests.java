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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskKind;
import io.structured.concurrency.core.TaskScopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link AsyncAutoConfiguration}: {@code @Async}, {@code @Async} event
 * listeners and Spring MVC's async handling run on the {@code applicationTaskExecutor}.
 */
class AsyncAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class,
				ContextPropagationAutoConfiguration.class, AsyncAutoConfiguration.class,
				GracefulShutdownAutoConfiguration.class, TaskExecutionAutoConfiguration.class));

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void asyncMethodRunsOnIoExecutorAndReturnsTaskFuture() {
		this.contextRunner.withUserConfiguration(AsyncConfiguration.class).run((context) -> {
			AsyncService service = context.getBean(AsyncService.class);
			CompletableFuture<String> future = service.describeThread();
			assertThat(future).isInstanceOf(TaskFuture.class);
			assertThat(future.get(10, TimeUnit.SECONDS)).startsWith("io-").endsWith("TASK");
		});
	}

	@Test
	void asyncEventListenerRunsOnIoExecutor() {
		this.contextRunner.withUserConfiguration(AsyncConfiguration.class).run((context) -> {
			context.publishEvent(new WorkEvent());
			String thread = context.getBean(AsyncListener.class).threads().poll(10, TimeUnit.SECONDS);
			assertThat(thread).startsWith("io-").endsWith("TASK");
		});
	}

	@Test
	void asyncWithApplicationTaskExecutorOfApplicationBacksOffAndCarriesContext() {
		this.contextRunner.withUserConfiguration(AsyncConfiguration.class, UserExecutorConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME);
				assertThat(context).hasBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME);
				assertThat(context.getBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME))
					.isInstanceOf(ThreadPoolTaskExecutor.class);
				TaskScopes scopes = context.getBean(TaskScopes.class);
				CompletableFuture<String> future;
				try (RequestScope request = scopes.openRequest("GET /user", Duration.ofSeconds(30), "req-u", null)) {
					MDC.put("requestId", "req-u");
					future = context.getBean(AsyncService.class).describeContext();
				}
				finally {
					MDC.remove("requestId");
				}
				assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("user-1 req-u GET /user");
			});
	}

	@Test
	void mvcAsyncRequestRunsOnIoExecutor() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class,
					ConcurrencyAutoConfiguration.class, ContextPropagationAutoConfiguration.class,
					AsyncAutoConfiguration.class, TaskExecutionAutoConfiguration.class, WebMvcAutoConfiguration.class,
					DispatcherServletAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class))
			.withUserConfiguration(CallableController.class)
			.run((context) -> {
				MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context).build();
				MvcResult result = mvc.perform(get("/callable")).andExpect(request().asyncStarted()).andReturn();
				mvc.perform(asyncDispatch(result))
					.andExpect(status().isOk())
					.andExpect(content().string(org.hamcrest.Matchers.startsWith("io-")));
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		AsyncService asyncService() {
			return new AsyncService();
		}

		@Bean
		AsyncListener asyncListener() {
			return new AsyncListener();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserExecutorConfiguration {

		@Bean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME)
		ThreadPoolTaskExecutor applicationTaskExecutor(ThreadPoolTaskExecutorBuilder builder) {
			return builder.threadNamePrefix("user-").build();
		}

	}

	static class AsyncService {

		@Async
		CompletableFuture<String> describeThread() {
			TaskContext context = TaskContext.current();
			String kind = (context != null) ? context.node().getKind().name() : "none";
			return CompletableFuture.completedFuture(Thread.currentThread().getName() + " " + kind);
		}

		@Async
		CompletableFuture<String> describeContext() {
			TaskContext context = TaskContext.current();
			String request = (context != null && context.node().getKind() == TaskKind.REQUEST)
					? context.node().getName() : "no request";
			return CompletableFuture
				.completedFuture(Thread.currentThread().getName() + " " + MDC.get("requestId") + " " + request);
		}

	}

	static class AsyncListener {

		private final BlockingQueue<String> threads = new LinkedBlockingQueue<>();

		BlockingQueue<String> threads() {
			return this.threads;
		}

		@Async
		@EventListener
		void on(WorkEvent event) {
			TaskContext context = TaskContext.current();
			String kind = (context != null) ? context.node().getKind().name() : "none";
			this.threads.add(Thread.currentThread().getName() + " " + kind);
		}

	}

	record WorkEvent() {

	}

	@RestController
	static class CallableController {

		@GetMapping("/callable")
		Callable<String> callable() {
			return () -> Thread.currentThread().getName();
		}

	}

}
