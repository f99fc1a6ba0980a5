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

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.structured.concurrency.bulkhead.DeadlineAwareBulkheads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BulkheadAutoConfiguration}.
 */
class BulkheadAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BulkheadAutoConfiguration.class));

	@Test
	void bulkheadsAreConfiguredFromProperties() {
		this.contextRunner.withPropertyValues("concurrency.bulkheads.hotels.max-concurrent-calls=3",
				"concurrency.bulkheads.hotels.max-wait=250ms", "concurrency.bulkheads.flights.max-concurrent-calls=7")
			.run((context) -> {
				assertThat(context).hasSingleBean(DeadlineAwareBulkheads.class);
				BulkheadRegistry registry = context.getBean(BulkheadRegistry.class);
				BulkheadConfig hotels = registry.bulkhead("hotels").getBulkheadConfig();
				assertThat(hotels.getMaxConcurrentCalls()).isEqualTo(3);
				assertThat(hotels.getMaxWaitDuration()).isEqualTo(Duration.ofMillis(250));
				BulkheadConfig flights = registry.bulkhead("flights").getBulkheadConfig();
				assertThat(flights.getMaxConcurrentCalls()).isEqualTo(7);
				assertThat(flights.getMaxWaitDuration()).isZero();
			});
	}

	@Test
	void bulkheadMetricsAppearUnderBulkheadName() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("concurrency.bulkheads.hotels.max-concurrent-calls=3")
			.run((context) -> {
				assertThat(context).hasSingleBean(TaggedBulkheadMetrics.class);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				Bulkhead hotels = context.getBean(BulkheadRegistry.class).bulkhead("hotels");
				assertThat(hotels.tryAcquirePermission()).isTrue();
				assertThat(meters.get("resilience4j.bulkhead.available.concurrent.calls")
					.tag("name", "hotels")
					.gauge()
					.value()).isEqualTo(2);
				assertThat(meters.get("resilience4j.bulkhead.max.allowed.concurrent.calls")
					.tag("name", "hotels")
					.gauge()
					.value()).isEqualTo(3);
				hotels.onComplete();
			});
	}

	@Test
	void callsThatBulkheadsRefuseAreCounted() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("concurrency.bulkheads.hotels.max-concurrent-calls=1")
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				BulkheadRegistry bulkheads = context.getBean(BulkheadRegistry.class);
				Bulkhead hotels = bulkheads.bulkhead("hotels");
				assertThat(hotels.tryAcquirePermission()).isTrue();
				DeadlineAwareBulkheads deadlineAware = context.getBean(DeadlineAwareBulkheads.class);
				assertThatExceptionOfType(BulkheadFullException.class)
					.isThrownBy(() -> deadlineAware.call("hotels", () -> "never"));
				assertThat(hotels.tryAcquirePermission()).isFalse();
				hotels.onComplete();
				assertThat(meters.get("concurrency.bulkhead.rejected").tag("name", "hotels").counter().count())
					.isEqualTo(2);
				// a bulkhead made on first use is counted from then on
				Bulkhead cars = bulkheads.bulkhead("cars", BulkheadConfig.custom().maxConcurrentCalls(1).build());
				assertThat(cars.tryAcquirePermission()).isTrue();
				assertThat(cars.tryAcquirePermission()).isFalse();
				cars.onComplete();
				assertThat(meters.get("concurrency.bulkhead.rejected").tag("name", "cars").counter().count())
					.isEqualTo(1);
			});
	}

	@Test
	void registryOfApplicationIsUsed() {
		this.contextRunner.withUserConfiguration(UserRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(BulkheadRegistry.class);
			assertThat(context.getBean(BulkheadRegistry.class))
				.isSameAs(context.getBean(UserRegistryConfiguration.class).registry);
			assertThat(context).hasSingleBean(DeadlineAwareBulkheads.class);
		});
	}

	@Test
	void backsOffWithoutResilience4j() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Bulkhead.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(DeadlineAwareBulkheads.class);
			assertThat(context).doesNotHaveBean(BulkheadRegistry.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistryConfiguration {

		final BulkheadRegistry registry = BulkheadRegistry.ofDefaults();

		@Bean
		BulkheadRegistry userBulkheadRegistry() {
			return this.registry;
		}

	}

}
