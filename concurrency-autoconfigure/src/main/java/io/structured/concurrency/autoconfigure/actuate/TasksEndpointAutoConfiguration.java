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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.structured.concurrency.actuate.TasksEndpoint;
import io.structured.concurrency.actuate.TasksEndpointWebExtension;
import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.autoconfigure.ConcurrencyProperties;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.cpu.CpuLimit;
import io.structured.concurrency.cpu.CpuLimitMonitor;
import io.structured.concurrency.executor.BoundedExecutor;

/**
 * Auto-configuration for the {@link TasksEndpoint}. Like Boot's own endpoints, it is
 * exposed over HTTP only once included in {@code management.endpoints.web.exposure}; its
 * default access is read-only.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ConcurrencyAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(TaskRegistry.class)
@EnableConfigurationProperties(ConcurrencyProperties.class)
public final class TasksEndpointAutoConfiguration {

	// the actuator's own condition sits on a nested class, so that it is only looked at
	// once the actuator is known to be on the class path
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(TasksEndpoint.class)
	static class TasksEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TasksEndpoint tasksEndpoint(TaskRegistry registry, ObjectProvider<CpuLimitMonitor> cpuLimitMonitor,
				ObjectProvider<BoundedExecutor> executors, ConcurrencyProperties properties) {
			return new TasksEndpoint(registry, () -> currentCpuLimit(cpuLimitMonitor),
					() -> executors.orderedStream().toList(), properties.getTasks().isShowThreadNames());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(TasksEndpoint.class)
		@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
		TasksEndpointWebExtension tasksEndpointWebExtension(TasksEndpoint tasksEndpoint) {
			return new TasksEndpointWebExtension(tasksEndpoint);
		}

		// the monitor's current limit, or the JVM's processor count without a monitor
		private static CpuLimit currentCpuLimit(ObjectProvider<CpuLimitMonitor> cpuLimitMonitor) {
			CpuLimitMonitor monitor = cpuLimitMonitor.getIfAvailable();
			if (monitor != null) {
				return monitor.getCpuLimit();
			}
			int processors = Runtime.getRuntime().availableProcessors();
			return new CpuLimit(processors, CpuLimit.Source.JVM, processors);
		}

	}

}
