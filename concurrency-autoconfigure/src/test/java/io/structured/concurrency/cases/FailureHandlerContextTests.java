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

package io.structured.concurrency.cases;

import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;

import io.structured.concurrency.autoconfigure.AsyncAutoConfiguration;
import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.autoconfigure.ContextPropagationAutoConfiguration;
import io.structured.concurrency.autoconfigure.CpuLimitAutoConfiguration;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.ScopeFailedException;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.executor.BoundedExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Case CX-06: the failure handlers of a forked child and of a {@code void @Async} method
 * run with the request's MDC and token, and the next task on each worker has neither.
 *
 * <p>
 * The request {@code X-Request-Id: req-7} is opened here the way the servlet filter opens
 * it; the check over HTTP waits for the filter.
 */
class FailureHandlerContextTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class,
				ContextPropagationAutoConfiguration.class, AsyncAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class))
		.withUserConfiguration(FailingConfiguration.class)
		.withPropertyValues("concurrency.executors.cpu.threads=1", "concurrency.executors.io.virtual-threads=false",
				"concurrency.executors.io.max-concurrency=1");

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void failureHandlersSeeRequestContextAndNextTaskDoesNot() {
		this.contextRunner.run((context) -> {
			TaskScopes scopes = context.getBean(TaskScopes.class);
			BoundedExecutor cpu = context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			BoundedExecutor io = context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			Seen seen = context.getBean(Seen.class);
			CancellationToken requestToken;
			try (RequestScope request = scopes.openRequest("GET /fail", Duration.ofSeconds(30), "req-7", null)) {
				MDC.put("requestId", "req-7");
				requestToken = request.getToken();
				CountDownLatch handlerAttached = new CountDownLatch(1);
				try (TaskScope scope = scopes.builder("cx-06").executor(cpu).open()) {
					TaskFuture<Object> child = scope.fork("failing child", () -> {
						seen.record("child", null);
						assertThat(handlerAttached.await(10, TimeUnit.SECONDS)).isTrue();
						throw new IOException("child failed");
					});
					child.exceptionally((ex) -> {
						seen.record("child handler", ex);
						return null;
					});
					handlerAttached.countDown();
					assertThatExceptionOfType(ScopeFailedException.class).isThrownBy(scope::join);
				}
				context.getBean(FailingService.class).fail();
				assertThat(seen.asyncHandled.await(10, TimeUnit.SECONDS)).isTrue();
			}
			finally {
				MDC.remove("requestId");
			}
			cpu.submit(() -> seen.record("next on cpu", null)).get(10, TimeUnit.SECONDS);
			io.submit(() -> seen.record("next on io", null)).get(10, TimeUnit.SECONDS);
			assertThat(seen.get("child handler").requestId()).isEqualTo("req-7");
			assertThat(seen.get("child handler").failure()).isInstanceOf(IOException.class);
			assertThat(isWithin(seen.get("child handler").token(), requestToken)).isTrue();
			assertThat(seen.get("child handler").thread()).isEqualTo(seen.get("child").thread());
			assertThat(seen.get("async handler").requestId()).isEqualTo("req-7");
			assertThat(seen.get("async handler").failure()).isInstanceOf(IllegalStateException.class);
			assertThat(isWithin(seen.get("async handler").token(), requestToken)).isTrue();
			assertThat(seen.get("next on cpu").requestId()).isNull();
			assertThat(seen.get("next on cpu").token()).isNotNull();
			assertThat(isWithin(seen.get("next on cpu").token(), requestToken)).isFalse();
			assertThat(seen.get("next on cpu").thread()).isEqualTo(seen.get("child").thread());
			assertThat(seen.get("next on io").requestId()).isNull();
			assertThat(isWithin(seen.get("next on io").token(), requestToken)).isFalse();
			assertThat(seen.get("next on io").thread()).isEqualTo(seen.get("async handler").thread());
		});
	}

	private static boolean isWithin(CancellationToken token, CancellationToken ancestor) {
		for (CancellationToken current = token; current != null; current = current.getParent()) {
			if (current == ancestor) {
				return true;
			}
		}
		return false;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class FailingConfiguration {

		@Bean
		Seen seen() {
			return new Seen();
		}

		@Bean
		FailingService failingService() {
			return new FailingService();
		}

		@Bean
		AsyncConfigurer asyncConfigurer(Seen seen) {
			return new AsyncConfigurer() {

				@Override
				public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
					return (Throwable ex, Method method, Object... params) -> {
						seen.record("async handler", ex);
						seen.asyncHandled.countDown();
					};
				}

			};
		}

	}

	static class FailingService {

		@Async
		void fail() {
			throw new IllegalStateException("async failed");
		}

	}

	static class Seen {

		final CountDownLatch asyncHandled = new CountDownLatch(1);

		private final Map<String, Observation> observations = new ConcurrentHashMap<>();

		void record(String what, Throwable failure) {
			Throwable cause = (failure != null && failure.getCause() != null) ? failure.getCause() : failure;
			this.observations.put(what, new Observation(MDC.get("requestId"), TaskContext.currentToken(),
					Thread.currentThread().getName(), cause));
		}

		Observation get(String what) {
			assertThat(this.observations).containsKey(what);
			return this.observations.get(what);
		}

	}

	record Observation(String requestId, CancellationToken token, String thread, Throwable failure) {

	}

}
