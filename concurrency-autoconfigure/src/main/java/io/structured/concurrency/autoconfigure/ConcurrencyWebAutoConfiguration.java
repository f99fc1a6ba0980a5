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

import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.EmbeddedValueResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.web.servlet.ConcurrencyExceptionResolver;
import io.structured.concurrency.web.servlet.RequestScopeFilter;
import io.structured.concurrency.web.servlet.RequestScopeWebMvcConfigurer;

/**
 * Auto-configuration that runs every servlet request in a request scope with a deadline,
 * and answers passed deadlines and refused work with problem responses.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ConcurrencyAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Filter.class, OncePerRequestFilter.class })
@ConditionalOnBean(TaskScopes.class)
@EnableConfigurationProperties(ConcurrencyProperties.class)
public final class ConcurrencyWebAutoConfiguration {

	private static final boolean micrometerPresent = ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry",
			ConcurrencyWebAutoConfiguration.class.getClassLoader());

	@Bean
	@ConditionalOnBooleanProperty(name = "concurrency.request.enabled", matchIfMissing = true)
	@ConditionalOnMissingBean(value = RequestScopeFilter.class, parameterizedContainer = FilterRegistrationBean.class)
	FilterRegistrationBean<RequestScopeFilter> requestScopeFilter(TaskScopes taskScopes,
			ConcurrencyProperties properties, ListableBeanFactory beanFactory) {
		ConcurrencyProperties.Request request = properties.getRequest();
		RequestScopeFilter filter = new RequestScopeFilter(taskScopes);
		filter.setDefaultTimeout(request.getDefaultTimeout());
		filter.setMaxTimeout(request.getMaxTimeout());
		filter.setTimeoutHeader(request.getTimeoutHeader());
		filter.setRequestIdHeader(request.getIdHeader());
		filter.setRetryAfter(request.getRetryAfter());
		filter.setExcludedPaths(request.getExcludedPaths());
		if (micrometerPresent) {
			filter.setInvalidTimeoutHeaderCounter(InvalidTimeoutHeaderCounter.of(beanFactory));
		}
		FilterRegistrationBean<RequestScopeFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(RequestScopeFilter.DEFAULT_ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
		registration.setAsyncSupported(true);
		return registration;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ DispatcherServlet.class, WebMvcConfigurer.class })
	static class WebMvcConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConcurrencyExceptionResolver concurrencyExceptionResolver(ConcurrencyProperties properties) {
			return new ConcurrencyExceptionResolver(properties.getRequest().getRetryAfter());
		}

		@Bean
		@ConditionalOnBooleanProperty(name = "concurrency.request.enabled", matchIfMissing = true)
		@ConditionalOnMissingBean
		RequestScopeWebMvcConfigurer requestScopeWebMvcConfigurer(ConfigurableBeanFactory beanFactory) {
			return new RequestScopeWebMvcConfigurer(new EmbeddedValueResolver(beanFactory));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
	@ConditionalOnBooleanProperty(name = "concurrency.request.enabled", matchIfMissing = true)
	static class MetricsConfiguration {

		@Bean
		MeterBinder invalidTimeoutHeaderMeterBinder() {
			return InvalidTimeoutHeaderCounter::register;
		}

	}

}
