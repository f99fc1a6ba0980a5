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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.GracefulShutdown;

/**
 * Auto-configuration of the {@link GracefulShutdown} of the bounded executors and the
 * task tree, timed by {@code concurrency.shutdown.drain} and
 * {@code concurrency.shutdown.timeout}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ConcurrencyAutoConfiguration.class)
@ConditionalOnBean(TaskRegistry.class)
@EnableConfigurationProperties(ConcurrencyProperties.class)
public final class GracefulShutdownAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GracefulShutdown concurrencyGracefulShutdown(TaskRegistry registry, ObjectProvider<BoundedExecutor> executors,
			ConcurrencyProperties properties) {
		ConcurrencyProperties.Shutdown shutdown = properties.getShutdown();
		return new GracefulShutdown(registry, executors.orderedStream().toList(), shutdown.getDrain(),
				shutdown.getTimeout());
	}

}
