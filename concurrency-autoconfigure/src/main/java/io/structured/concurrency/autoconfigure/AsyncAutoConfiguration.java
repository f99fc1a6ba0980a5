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

import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * Auto-configuration that makes {@code @Async} methods, {@code @Async} event listeners
 * included, run on the {@code applicationTaskExecutor}: this library's {@code io}
 * executor, or the application's own executor of that name.
 *
 * <p>
 * Spring picks the executor of {@code @Async} methods by type when there is a single
 * {@link org.springframework.core.task.TaskExecutor}; with this library's {@code cpu} and
 * {@code io} executors there are two, Spring Boot's own {@link AsyncConfigurer} steps
 * back because executors exist, and {@code @Async} would fall back to a new thread per
 * call. This auto-configuration contributes an {@link AsyncConfigurer} that names the
 * {@code applicationTaskExecutor}, or, when the application declares an
 * {@link AsyncConfigurer} of its own, wraps it so that its exception handler is kept and
 * its executor is used when it returns one.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ConcurrencyAutoConfiguration.class, before = TaskExecutionAutoConfiguration.class)
@ConditionalOnClass(AsyncConfigurer.class)
@ConditionalOnBean(name = TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME)
public final class AsyncAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(AsyncConfigurer.class)
	static class ApplicationTaskExecutorAsyncConfigurerConfiguration {

		@Bean
		ApplicationTaskExecutorAsyncConfigurer concurrencyAsyncConfigurer(BeanFactory beanFactory) {
			return new ApplicationTaskExecutorAsyncConfigurer(beanFactory, null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(AsyncConfigurer.class)
	static class AsyncConfigurerWrapperConfiguration {

		@Bean
		static BeanPostProcessor concurrencyAsyncConfigurerPostProcessor(ObjectProvider<BeanFactory> beanFactory) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof AsyncConfigurer configurer
							&& !(bean instanceof ApplicationTaskExecutorAsyncConfigurer)) {
						return new ApplicationTaskExecutorAsyncConfigurer(beanFactory.getObject(), configurer);
					}
					return bean;
				}

			};
		}

	}

	/**
	 * An {@link AsyncConfigurer} that uses the {@code applicationTaskExecutor} unless the
	 * application's own configurer names an executor.
	 */
	static final class ApplicationTaskExecutorAsyncConfigurer implements AsyncConfigurer {

		private final BeanFactory beanFactory;

		private final @Nullable AsyncConfigurer delegate;

		ApplicationTaskExecutorAsyncConfigurer(BeanFactory beanFactory, @Nullable AsyncConfigurer delegate) {
			this.beanFactory = beanFactory;
			this.delegate = delegate;
		}

		@Override
		public Executor getAsyncExecutor() {
			Executor executor = (this.delegate != null) ? this.delegate.getAsyncExecutor() : null;
			return (executor != null) ? executor : this.beanFactory
				.getBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME, Executor.class);
		}

		@Override
		public @Nullable AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
			return (this.delegate != null) ? this.delegate.getAsyncUncaughtExceptionHandler() : null;
		}

	}

}
