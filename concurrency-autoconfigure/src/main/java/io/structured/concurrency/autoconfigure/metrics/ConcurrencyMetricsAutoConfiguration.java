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

package io.structured.concurrency.autoconfigure.metrics;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.structured.concurrency.actuate.metrics.BoundedExecutorMetrics;
import io.structured.concurrency.actuate.metrics.CpuLimitMetrics;
import io.structured.concurrency.actuate.metrics.ExecutorTimers;
import io.structured.concurrency.actuate.metrics.TaskMetrics;
import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.autoconfigure.ExecutorTaskDecoratorProvider;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.cpu.CpuLimit;
import io.structured.concurrency.cpu.CpuLimitMonitor;
import io.structured.concurrency.executor.BoundedExecutor;

/**
 * Auto-configuration for the Micrometer meters of tasks, bounded executors and the CPU
 * limit. Applies only when a {@link MeterRegistry} bean exists; the binders are bound to
 * it by Spring Boot's metrics support.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { ConcurrencyAutoConfiguration.class, MetricsAutoConfiguration.class,
		CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, ExecutorServiceMetrics.class, MetricsAutoConfiguration.class })
@ConditionalOnBean({ MeterRegistry.class, TaskRegistry.class })
public final class ConcurrencyMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TaskMetrics concurrencyTaskMetrics(TaskRegistry registry) {
		return new TaskMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	BoundedExecutorMetrics concurrencyExecutorMetrics(ObjectProvider<BoundedExecutor> executors) {
		return new BoundedExecutorMetrics(() -> executors.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	ExecutorTimers concurrencyExecutorTimers() {
		return new ExecutorTimers();
	}

	@Bean
	ExecutorTaskDecoratorProvider concurrencyExecutorTimersDecoratorProvider(ExecutorTimers executorTimers) {
		return executorTimers::createDecorator;
	}

	@Bean
	@ConditionalOnMissingBean
	CpuLimitMetrics concurrencyCpuLimitMetrics(ObjectProvider<CpuLimitMonitor> cpuLimitMonitor) {
		return new CpuLimitMetrics(cpuLimit(cpuLimitMonitor));
	}

	// the monitor's current limit, or the JVM's processor count without a monitor
	private static Supplier<CpuLimit> cpuLimit(ObjectProvider<CpuLimitMonitor> cpuLimitMonitor) {
		return () -> {
			CpuLimitMonitor monitor = cpuLimitMonitor.getIfAvailable();
			if (monitor != null) {
				return monitor.getCpuLimit();
			}
			int processors = Runtime.getRuntime().availableProcessors();
			return new CpuLimit(processors, CpuLimit.Source.JVM, processors);
		};
	}

}
