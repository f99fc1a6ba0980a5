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

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.structured.concurrency.actuate.ConcurrencyHealthIndicator;
import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.core.TaskRegistry;

/**
 * Auto-configuration for the {@code concurrency} health contributor, turned off with
 * {@code management.health.concurrency.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ConcurrencyAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(TaskRegistry.class)
public final class ConcurrencyHealthContributorAutoConfiguration {

	// the health module's own condition sits on a nested class, so that it is only
	// looked at once the module is known to be on the class path
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("concurrency")
	static class ConcurrencyHealthIndicatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "concurrencyHealthIndicator")
		ConcurrencyHealthIndicator concurrencyHealthIndicator(TaskRegistry registry) {
			return new ConcurrencyHealthIndicator(registry);
		}

	}

}
