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

package io.structured.concurrency.autoconfigure.actuate;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.structured.concurrency.actuate.ConcurrencyHealthIndicator;
import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.autoconfigure.CpuLimitAutoConfiguration;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.executor.BoundedExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ConcurrencyHealthContributorAutoConfiguration}.
 */
class ConcurrencyHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class,
				ConcurrencyHealthContributorAutoConfiguration.class));

	@Test
	void healthShouldBeUpWithSummaryAsDetailsEvenWithLeaks() {
		this.contextRunner.withPropertyValues("concurrency.tasks.leak-grace=50ms").run((context) -> {
			HealthIndicator indicator = context.getBean("concurrencyHealthIndicator", HealthIndicator.class);
			Health idle = health(indicator);
			assertThat(idle.getStatus()).isEqualTo(Status.UP);
			assertThat(idle.getDetails()).containsOnlyKeys("active", "leaked", "tracked", "truncated")
				.containsEntry("active", 0)
				.containsEntry("leaked", 0)
				.containsEntry("truncated", false);
			CountDownLatch release = new CountDownLatch(1);
			BoundedExecutor io = context.getBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME,
					BoundedExecutor.class);
			try (RequestScope request = context.getBean(TaskScopes.class).openRequest("POST /fire", null, null, null)) {
				io.execute("outlives", () -> awaitQuietly(release));
			}
			try {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> health(indicator).getDetails().get("leaked"),
							(leaked) -> Integer.valueOf(1).equals(leaked));
				Health leaking = health(indicator);
				assertThat(leaking.getStatus()).isEqualTo(Status.UP);
				assertThat(leaking.getDetails()).containsEntry("active", 1).containsEntry("tracked", 1);
			}
			finally {
				release.countDown();
			}
		});
	}

	@Test
	void healthWhenDisabledShouldNotBeCreated() {
		this.contextRunner.withPropertyValues("management.health.concurrency.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ConcurrencyHealthIndicator.class));
	}

	@Test
	void healthWhenHealthSupportIsAbsentShouldBackOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ConcurrencyHealthIndicator.class)
				.hasBean(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME));
	}

	private static Health health(HealthIndicator indicator) {
		return Objects.requireNonNull(indicator.health());
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
