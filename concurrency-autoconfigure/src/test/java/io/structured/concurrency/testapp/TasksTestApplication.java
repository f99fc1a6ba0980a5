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

package io.structured.concurrency.testapp;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.executor.BoundedExecutor;

/**
 * Small application for tests against the running {@code tasks} endpoint.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class TasksTestApplication {

	@Bean
	Workload workload(TaskScopes scopes,
			@Qualifier(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME) BoundedExecutor io) {
		return new Workload(scopes, io);
	}

	@Bean
	OrdersController ordersController(Workload workload) {
		return new OrdersController(workload);
	}

}
