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

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import io.structured.concurrency.web.client.DeadlineClientHttpRequestInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConcurrencyRestClientAutoConfiguration}.
 */
class ConcurrencyRestClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ConcurrencyRestClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
					RestClientAutoConfiguration.class, RestTemplateAutoConfiguration.class));

	@Test
	void restClientBuiltFromTheBuilderShouldCarryTheDeadline() {
		this.contextRunner.run((context) -> {
			DeadlineClientHttpRequestInterceptor interceptor = context
				.getBean(DeadlineClientHttpRequestInterceptor.class);
			RestClient.Builder builder = context.getBean(RestClient.Builder.class);
			builder.requestInterceptors((interceptors) -> assertThat(interceptors).containsExactly(interceptor));
		});
	}

	@Test
	void restTemplateBuiltFromTheBuilderShouldCarryTheDeadline() {
		this.contextRunner.run((context) -> {
			DeadlineClientHttpRequestInterceptor interceptor = context
				.getBean(DeadlineClientHttpRequestInterceptor.class);
			assertThat(context.getBean(RestTemplateBuilder.class).build().getInterceptors())
				.containsExactly(interceptor);
		});
	}

	@Test
	void interceptorShouldUseTheConfiguredHeader() {
		this.contextRunner.withPropertyValues("concurrency.request.timeout-header=Timeout-Ms")
			.run((context) -> assertThat(context.getBean(DeadlineClientHttpRequestInterceptor.class))
				.hasFieldOrPropertyWithValue("timeoutHeader", "Timeout-Ms"));
	}

	@Test
	void customizersShouldNotBeRegisteredWithoutSpringBootRestClient() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RestClientCustomizer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DeadlineClientHttpRequestInterceptor.class));
	}

}
