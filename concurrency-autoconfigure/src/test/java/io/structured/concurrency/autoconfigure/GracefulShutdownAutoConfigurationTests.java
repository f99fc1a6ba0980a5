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

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.GracefulShutdown;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GracefulShutdownAutoConfiguration}.
 */
class GracefulShutdownAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class,
				GracefulShutdownAutoConfiguration.class, TaskExecutionAutoConfiguration.class));

	@Test
	void shutdownStopsBeforeWebServerGracefulShutdown() {
		assertThat(GracefulShutdown.PHASE).isGreaterThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
	}

	@Test
	void shutdownStopsIntakeOfEveryExecutorOnClose() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(GracefulShutdown.class);
			assertThat(context.getBean(GracefulShutdown.class).isRunning()).isTrue();
			BoundedExecutor cpu = context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			BoundedExecutor io = context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			context.close();
			assertThat(cpu.isAccepting()).isFalse();
			assertThat(io.isAccepting()).isFalse();
		});
	}

	@Test
	void shutdownOfApplicationIsUsed() {
		this.contextRunner.withUserConfiguration(UserShutdownConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(GracefulShutdown.class);
			assertThat(context).hasBean("userShutdown");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserShutdownConfiguration {

		@Bean
		GracefulShutdown userShutdown(TaskRegistry registry) {
			return new GracefulShutdown(registry, java.util.List.of(), Duration.ZERO, Duration.ZERO);
		}

	}

}
