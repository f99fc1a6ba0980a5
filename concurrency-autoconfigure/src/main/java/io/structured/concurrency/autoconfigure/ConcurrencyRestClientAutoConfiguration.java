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

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import io.structured.concurrency.web.client.DeadlineClientHttpRequestInterceptor;

/**
 * Auto-configuration that makes the {@code RestClient} and {@code RestTemplate} built
 * from Spring Boot's builders carry the current deadline to the services they call.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass({ ClientHttpRequestInterceptor.class, RestClientCustomizer.class })
@EnableConfigurationProperties(ConcurrencyProperties.class)
public final class ConcurrencyRestClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DeadlineClientHttpRequestInterceptor deadlineClientHttpRequestInterceptor(ConcurrencyProperties properties) {
		return new DeadlineClientHttpRequestInterceptor(properties.getRequest().getTimeoutHeader());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClient.class)
	static class RestClientConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "deadlineRestClientCustomizer")
		RestClientCustomizer deadlineRestClientCustomizer(DeadlineClientHttpRequestInterceptor interceptor) {
			return (builder) -> builder.requestInterceptor(interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestTemplate.class, RestTemplateCustomizer.class })
	static class RestTemplateConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "deadlineRestTemplateCustomizer")
		RestTemplateCustomizer deadlineRestTemplateCustomizer(DeadlineClientHttpRequestInterceptor interceptor) {
			return (restTemplate) -> restTemplate.getInterceptors().add(interceptor);
		}

	}

}
