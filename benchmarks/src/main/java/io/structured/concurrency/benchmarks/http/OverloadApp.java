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

package io.structured.concurrency.benchmarks.http;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.task.TaskExecutionProperties;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The application of benchmark 5 (overload): {@code GET /primes?limit=n} counts primes
 * below {@code n} in one chunk per thread of the starter's {@code cpu} executor, as the
 * sample app does. With {@code --bench.executor=spring-default} the same chunks run on an
 * executor configured as Spring Boot's default {@code applicationTaskExecutor} (core 8,
 * unbounded queue) instead; everything else, the starter included, stays the same.
 */
@SpringBootApplication
public class OverloadApp {

	/**
	 * Name of the executor configured as Spring Boot's default.
	 */
	static final String SPRING_DEFAULT_EXECUTOR = "springDefaultTaskExecutor";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(OverloadApp.class);
		application.setDefaultProperties(Map.of("server.address", "127.0.0.1", "server.port", "8081",
				"spring.main.banner-mode", "off", "bench.executor", "starter"));
		application.run(args);
	}

	@Bean(name = SPRING_DEFAULT_EXECUTOR)
	@ConditionalOnProperty(name = "bench.executor", havingValue = "spring-default")
	ThreadPoolTaskExecutor springDefaultTaskExecutor() {
		// the defaults of spring.task.execution.pool.*, read from Boot itself
		TaskExecutionProperties.Pool pool = new TaskExecutionProperties().getPool();
		return new ThreadPoolTaskExecutorBuilder().corePoolSize(pool.getCoreSize())
			.maxPoolSize(pool.getMaxSize())
			.queueCapacity(pool.getQueueCapacity())
			.keepAlive(pool.getKeepAlive())
			.allowCoreThreadTimeOut(pool.isAllowCoreThreadTimeout())
			.threadNamePrefix("task-")
			.build();
	}

}
