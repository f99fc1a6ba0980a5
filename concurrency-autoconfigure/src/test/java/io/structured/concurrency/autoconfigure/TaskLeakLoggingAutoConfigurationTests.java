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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskLeakLogger;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.executor.BoundedExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TaskLeakLoggingAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskLeakLoggingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class,
				TaskLeakLoggingAutoConfiguration.class));

	@Test
	void leakShouldBeLoggedOnceWithEndpointUnderManagementBasePath(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("concurrency.tasks.leak-grace=50ms", "management.endpoints.web.base-path=/manage")
			.run((context) -> {
				assertThat(context).hasSingleBean(TaskLeakLogger.class);
				CountDownLatch release = new CountDownLatch(1);
				BoundedExecutor io = context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME,
						BoundedExecutor.class);
				try (RequestScope request = context.getBean(TaskScopes.class)
					.openRequest("POST /fire", null, null, null)) {
					io.execute("audit", () -> awaitQuietly(release));
				}
				try {
					await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("leaked"));
					assertThat(output.getOut()).containsOnlyOnce("Task 'audit'")
						.contains("[OUTLIVED_SCOPE], owner 'POST /fire'")
						.contains("see '/manage/tasks'");
				}
				finally {
					release.countDown();
				}
			});
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
