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

import java.util.Map;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.structured.concurrency.actuate.metrics.BulkheadRejectionMetrics;
import io.structured.concurrency.bulkhead.DeadlineAwareBulkheads;

/**
 * Auto-configuration of named resilience4j bulkheads from
 * {@code concurrency.bulkheads.<name>.*} and of {@link DeadlineAwareBulkheads}.
 *
 * <p>
 * With resilience4j-micrometer on the class path, the bulkheads' own meters
 * ({@code resilience4j.bulkhead.*}, tag {@code name}) are bound to the application's
 * meter registries; with Micrometer, the calls each bulkhead refused are counted as
 * {@code concurrency.bulkhead.rejected}.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(Bulkhead.class)
@EnableConfigurationProperties(ConcurrencyProperties.class)
public final class BulkheadAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BulkheadRegistry bulkheadRegistry(ConcurrencyProperties properties) {
		BulkheadRegistry registry = BulkheadRegistry.ofDefaults();
		for (Map.Entry<String, ConcurrencyProperties.Bulkhead> entry : properties.getBulkheads().entrySet()) {
			ConcurrencyProperties.Bulkhead bulkhead = entry.getValue();
			BulkheadConfig config = BulkheadConfig.custom()
				.maxConcurrentCalls(bulkhead.getMaxConcurrentCalls())
				.maxWaitDuration(bulkhead.getMaxWait())
				.build();
			registry.bulkhead(entry.getKey(), config);
		}
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	DeadlineAwareBulkheads deadlineAwareBulkheads(BulkheadRegistry bulkheadRegistry) {
		return new DeadlineAwareBulkheads(bulkheadRegistry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class BulkheadRejectionMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BulkheadRejectionMetrics bulkheadRejectionMetrics(BulkheadRegistry bulkheadRegistry) {
			return new BulkheadRejectionMetrics(bulkheadRegistry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ TaggedBulkheadMetrics.class, MeterRegistry.class })
	static class BulkheadMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TaggedBulkheadMetrics taggedBulkheadMetrics(BulkheadRegistry bulkheadRegistry) {
			return TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheadRegistry);
		}

	}

}
