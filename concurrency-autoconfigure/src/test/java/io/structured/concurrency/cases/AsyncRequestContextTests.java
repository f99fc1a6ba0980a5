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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import io.structured.concurrency.autoconfigure.AsyncAutoConfiguration;
import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.autoconfigure.ContextPropagationAutoConfiguration;
import io.structured.concurrency.autoconfigure.CpuLimitAutoConfiguration;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskKind;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.testsupport.CapturedLogs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Case CX-01: {@code @Async} methods and {@code @Async} event listeners keep the
 * request's MDC and task tree, and a pooled worker forgets them afterwards.
 *
 * <p>
 * The request is opened here the way the servlet filter opens it (a request scope named
 * {@code GET /work} and MDC {@code requestId} from {@code X-Request-Id}); the check over
 * HTTP waits for the filter. Trace ids are not covered here: no tracer is on the test
 * class path. The task tree is read from the {@link TaskRegistry} that
 * {@code /actuator/tasks} renders.
 */
class AsyncRequestContextTests {

	private static final Log logger = LogFactory.getLog(AsyncRequestContextTests.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class,
				ContextPropagationAutoConfiguration.class, AsyncAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class))
		.withUserConfiguration(WorkConfiguration.class)
		.withPropertyValues("concurrency.executors.io.virtual-threads=false",
				"concurrency.executors.io.max-concurrency=1");

	private CapturedLogs logs;

	@BeforeEach
	void captureLogs() {
		this.logs = CapturedLogs.starter();
	}

	@AfterEach
	void stopCapturing() {
		this.logs.close();
		MDC.clear();
	}

	@Test
	void asyncWorkCarriesRequestMdcAndTreeAndWorkerForgetsThem() {
		this.contextRunner.run((context) -> {
			TaskScopes scopes = context.getBean(TaskScopes.class);
			TaskRegistry registry = context.getBean(TaskRegistry.class);
			Work work = context.getBean(Work.class);
			Latches latches = context.getBean(Latches.class);
			CompletableFuture<Void> method;
			TaskNode requestNode;
			try (RequestScope request = scopes.openRequest("GET /work", Duration.ofSeconds(30), "req-123", null)) {
				MDC.put("requestId", "req-123");
				requestNode = request.getNode();
				logger.info("request line");
				method = work.asyncMethod();
				context.publishEvent(new WorkEvent());
				assertThat(registry.getRoots()).contains(requestNode);
				assertThat(requestNode.getKind()).isEqualTo(TaskKind.REQUEST);
				assertThat(requestNode.getName()).isEqualTo("GET /work");
				assertThat(requestNode.getChildren()).hasSize(2)
					.allSatisfy((child) -> assertThat(child.getKind()).isEqualTo(TaskKind.TASK));
			}
			finally {
				MDC.remove("requestId");
			}
			latches.release.countDown();
			method.get(10, TimeUnit.SECONDS);
			assertThat(latches.listenerDone.await(10, TimeUnit.SECONDS)).isTrue();
			ILoggingEvent methodLine = single("async method line");
			ILoggingEvent listenerLine = single("async listener line");
			assertThat(single("request line").getMDCPropertyMap().get("requestId")).isEqualTo("req-123");
			assertThat(methodLine.getMDCPropertyMap().get("requestId")).isEqualTo("req-123");
			assertThat(listenerLine.getMDCPropertyMap().get("requestId")).isEqualTo("req-123");
			BoundedExecutor io = context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			io.submit(() -> logger.info("next task line")).get(10, TimeUnit.SECONDS);
			ILoggingEvent next = single("next task line");
			assertThat(next.getMDCPropertyMap().get("requestId")).isNull();
			assertThat(next.getThreadName()).isEqualTo(methodLine.getThreadName())
				.isEqualTo(listenerLine.getThreadName());
		});
	}

	private ILoggingEvent single(String message) {
		List<ILoggingEvent> lines = this.logs.events(Level.INFO)
			.stream()
			.filter((event) -> message.equals(event.getFormattedMessage()))
			.toList();
		assertThat(lines).hasSize(1);
		return lines.get(0);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class WorkConfiguration {

		@Bean
		Latches latches() {
			return new Latches();
		}

		@Bean
		Work work(Latches latches) {
			return new Work(latches);
		}

	}

	static class Latches {

		final CountDownLatch release = new CountDownLatch(1);

		final CountDownLatch listenerDone = new CountDownLatch(1);

	}

	static class Work {

		private final Latches latches;

		Work(Latches latches) {
			this.latches = latches;
		}

		@Async
		CompletableFuture<Void> asyncMethod() throws InterruptedException {
			awaitRelease();
			logger.info("async method line");
			return CompletableFuture.completedFuture(null);
		}

		@Async
		@EventListener
		void onWork(WorkEvent event) throws InterruptedException {
			awaitRelease();
			logger.info("async listener line");
			this.latches.listenerDone.countDown();
		}

		private void awaitRelease() throws InterruptedException {
			assertThat(this.latches.release.await(10, TimeUnit.SECONDS)).isTrue();
		}

	}

	record WorkEvent() {

	}

}
