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
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
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
 * HTTP waits for the filter. The request's span is an observation opened here, traced by
 * Brave through Spring Boot's tracing auto-configuration. The task tree is read from the
 * {@link TaskRegistry} that {@code /actuator/tasks} renders.
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

	@Test
	void asyncWorkCarriesRequestTrace() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class, BraveAutoConfiguration.class))
			.withUserConfiguration(TracedWorkConfiguration.class)
			.withPropertyValues("management.tracing.sampling.probability=1.0")
			.run((context) -> {
				TaskScopes scopes = context.getBean(TaskScopes.class);
				Tracer tracer = context.getBean(Tracer.class);
				TracedWork work = context.getBean(TracedWork.class);
				Latches latches = context.getBean(Latches.class);
				Observation observation = Observation.start("http.server.requests",
						context.getBean(ObservationRegistry.class));
				Span requestSpan;
				CompletableFuture<String> method;
				try (RequestScope request = scopes.openRequest("GET /work", Duration.ofSeconds(30), "req-123", null);
						Observation.Scope scope = observation.openScope()) {
					MDC.put("requestId", "req-123");
					requestSpan = tracer.currentSpan();
					logger.info("traced request line");
					method = work.asyncMethod();
					context.publishEvent(new WorkEvent());
				}
				finally {
					MDC.remove("requestId");
					observation.stop();
				}
				latches.release.countDown();
				String methodParent = method.get(10, TimeUnit.SECONDS);
				String listenerParent = work.listenerParent();
				assertThat(requestSpan).isNotNull();
				String traceId = requestSpan.context().traceId();
				assertThat(single("traced request line").getMDCPropertyMap()).containsEntry("traceId", traceId);
				for (String line : List.of("traced async method line", "traced async listener line")) {
					assertThat(single(line).getMDCPropertyMap()).containsEntry("traceId", traceId)
						.containsEntry("requestId", "req-123");
				}
				assertThat(methodParent).isEqualTo(requestSpan.context().spanId());
				assertThat(listenerParent).isEqualTo(requestSpan.context().spanId());
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

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class TracedWorkConfiguration {

		@Bean
		TracedWork tracedWork(Tracer tracer, Latches latches) {
			return new TracedWork(tracer, latches);
		}

	}

	static class TracedWork {

		private final Tracer tracer;

		private final Latches latches;

		private final AtomicReference<String> listenerParent = new AtomicReference<>();

		private final CountDownLatch listenerDone = new CountDownLatch(1);

		TracedWork(Tracer tracer, Latches latches) {
			this.tracer = tracer;
			this.latches = latches;
		}

		@Async
		CompletableFuture<String> asyncMethod() throws InterruptedException {
			assertThat(this.latches.release.await(10, TimeUnit.SECONDS)).isTrue();
			return CompletableFuture.completedFuture(inChildSpan("traced async method line"));
		}

		@Async
		@EventListener
		void onWork(WorkEvent event) throws InterruptedException {
			assertThat(this.latches.release.await(10, TimeUnit.SECONDS)).isTrue();
			this.listenerParent.set(inChildSpan("traced async listener line"));
			this.listenerDone.countDown();
		}

		String listenerParent() throws InterruptedException {
			assertThat(this.listenerDone.await(10, TimeUnit.SECONDS)).isTrue();
			return this.listenerParent.get();
		}

		private String inChildSpan(String message) {
			Span span = this.tracer.nextSpan().name("async").start();
			try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
				logger.info(message);
				return span.context().parentId();
			}
			finally {
				span.end();
			}
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
