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

package io.structured.concurrency.web;

import java.time.Duration;

import jakarta.servlet.Filter;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.client.RestClient;

import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.web.servlet.RequestScopeFilter;

/**
 * The application that the web tests run on a real Tomcat.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ CasesController.class, TimedController.class, AsyncDispatchSpy.class })
public class WebTestApplication {

	@Bean
	Recorder recorder() {
		return new Recorder();
	}

	/**
	 * Records the name of the request's scope as the filters after the scope's see it,
	 * before Spring MVC has found the handler.
	 */
	@Bean
	FilterRegistrationBean<Filter> nameBeforeHandlerFilter(Recorder recorder) {
		Filter filter = (request, response, chain) -> {
			RequestScope scope = RequestScopeFilter.getRequestScope(request);
			if (scope != null) {
				recorder.put("name.beforeHandler", scope.getNode().getName());
			}
			chain.doFilter(request, response);
		};
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(RequestScopeFilter.DEFAULT_ORDER + 1);
		registration.addUrlPatterns("/orders/*");
		return registration;
	}

	@Bean
	RestClient stubClient(RestClient.Builder builder) {
		HttpClientSettings settings = HttpClientSettings.defaults().withReadTimeout(Duration.ofSeconds(5));
		return builder.requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(settings)).build();
	}

}
