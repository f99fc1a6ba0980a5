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

package io.structured.concurrency.web.servlet;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.util.StringValueResolver;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC configuration that completes the scopes opened by
 * {@link RequestScopeFilter}: names requests after their route pattern, applies
 * {@link RequestTimeout @RequestTimeout}, ends a pending {@code DeferredResult} or
 * {@code CompletableFuture} return value when its request is cancelled, and makes the
 * deadline, not the container's async timeout, decide when an asynchronously handled
 * request has run out of time.
 *
 * @since 0.1.0
 */
public class RequestScopeWebMvcConfigurer implements WebMvcConfigurer {

	private final @Nullable StringValueResolver valueResolver;

	/**
	 * Create a new instance.
	 * @param valueResolver resolves placeholders in {@link RequestTimeout} values, or
	 * {@code null} to use them as they are
	 */
	public RequestScopeWebMvcConfigurer(@Nullable StringValueResolver valueResolver) {
		this.valueResolver = valueResolver;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new RequestScopeHandlerInterceptor(this.valueResolver))
			.order(Ordered.HIGHEST_PRECEDENCE);
	}

	@Override
	public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
		configurer.registerDeferredResultInterceptors(new RequestScopeDeferredResultInterceptor());
		configurer.registerCallableInterceptors(new AsyncRequestTimeout());
	}

}
