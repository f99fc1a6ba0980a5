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
import java.util.concurrent.Executor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;

import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.cpu.CpuLimitMonitor;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.Threads;

/**
 * Auto-configuration for the task registry, the bounded {@code cpu} and {@code io}
 * executors and {@link TaskScopes}. The {@code cpu} executor is sized from the
 * {@link CpuLimitMonitor} of {@link CpuLimitAutoConfiguration} and follows its changes.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class)
@EnableConfigurationProperties(ConcurrencyProperties.class)
public final class ConcurrencyAutoConfiguration {

	/**
	 * Name of the executor for CPU-bound work.
	 */
	public static final String CPU_EXECUTOR_BEAN_NAME = "cpuTaskExecutor";

	/**
	 * Name of the executor for blocking work, also registered as Spring's
	 * {@code applicationTaskExecutor}.
	 */
	public static final String IO_EXECUTOR_BEAN_NAME = "ioTaskExecutor";

	@Bean
	@ConditionalOnMissingBean
	TaskRegistry taskRegistry(ConcurrencyProperties properties) {
		ConcurrencyProperties.Tasks tasks = properties.getTasks();
		return new TaskRegistry(tasks.getMaxTracked(), tasks.getMaxLeaks(), tasks.getLeakGrace(),
				tasks.isCreationSite());
	}

	@Bean(name = CPU_EXECUTOR_BEAN_NAME, destroyMethod = "close")
	@ConditionalOnMissingBean(name = CPU_EXECUTOR_BEAN_NAME)
	BoundedExecutor cpuTaskExecutor(ConcurrencyProperties properties, TaskRegistry registry, CpuLimitMonitor cpuLimit,
			ObjectProvider<TaskDecorator> taskDecorators,
			ObjectProvider<ExecutorTaskDecoratorProvider> decoratorProviders) {
		TaskDecorator taskDecorator = ExecutorTaskDecorators.forExecutor("cpu", taskDecorators, decoratorProviders);
		return new CpuPoolSizing(properties).createExecutor(cpuLimit,
				(core, max, queueCapacity) -> new BoundedExecutor("cpu", registry, core, max, queueCapacity,
						Duration.ofSeconds(60), false, Threads.platform("cpu"), taskDecorator));
	}

	@Bean(name = { IO_EXECUTOR_BEAN_NAME, TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME },
			destroyMethod = "close")
	@ConditionalOnMissingBean(name = TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME)
	BoundedExecutor ioTaskExecutor(ConcurrencyProperties properties, TaskRegistry registry,
			ObjectProvider<TaskDecorator> taskDecorators,
			ObjectProvider<ExecutorTaskDecoratorProvider> decoratorProviders) {
		ConcurrencyProperties.IoExecutor io = properties.getExecutors().getIo();
		boolean virtual = io.isVirtualThreads() && Threads.virtualThreadsAvailable();
		// a virtual thread is not worth keeping idle: a parked one holds its stack, a new
		// one costs about as much as a queue hand-off
		Duration keepAlive = virtual ? Duration.ZERO : io.getKeepAlive();
		return new BoundedExecutor("io", registry, io.getMaxConcurrency(), io.getMaxConcurrency(),
				io.getQueueCapacity(), keepAlive, true, virtual ? Threads.virtual("io") : Threads.platform("io"),
				ExecutorTaskDecorators.forExecutor("io", taskDecorators, decoratorProviders));
	}

	@Bean
	@ConditionalOnMissingBean
	TaskScopes taskScopes(TaskRegistry registry,
			@Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor io,
			ConcurrencyProperties properties) {
		RequestScope.OutlivedTasks outlived = RequestScope.OutlivedTasks
			.valueOf(properties.getRequest().getOutlivedTasks().name());
		return new TaskScopes(registry, io, outlived);
	}

}
