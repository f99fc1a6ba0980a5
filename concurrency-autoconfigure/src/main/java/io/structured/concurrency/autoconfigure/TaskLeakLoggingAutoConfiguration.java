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

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.structured.concurrency.core.TaskLeakLogger;
import io.structured.concurrency.core.TaskRegistry;

/**
 * Auto-configuration that logs each leaked task once at WARN, at most one line a second.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ConcurrencyAutoConfiguration.class)
@ConditionalOnBean(TaskRegistry.class)
public final class TaskLeakLoggingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TaskLeakLogger taskLeakLogger(TaskRegistry registry, Environment environment) {
		String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		TaskLeakLogger logger = new TaskLeakLogger(Duration.ofSeconds(1), basePath + "/tasks");
		registry.addListener(logger);
		return logger;
	}

}
