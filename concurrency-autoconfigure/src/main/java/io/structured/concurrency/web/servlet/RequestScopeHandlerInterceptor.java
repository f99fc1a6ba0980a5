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

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringValueResolver;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Completes a request's scope once Spring MVC has found the handler: renames the request
 * after its route pattern and applies the handler's {@link RequestTimeout}.
 */
final class RequestScopeHandlerInterceptor implements HandlerInterceptor {

	private static final Duration NONE = Duration.ofNanos(-1);

	private final @Nullable StringValueResolver valueResolver;

	private final Map<MethodClassKey, Duration> timeouts = new ConcurrentHashMap<>();

	RequestScopeHandlerInterceptor(@Nullable StringValueResolver valueResolver) {
		this.valueResolver = valueResolver;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		RequestState state = RequestScopeFilter.getState(request);
		if (state == null) {
			return true;
		}
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern != null) {
			state.getScope().rename(request.getMethod() + " " + pattern);
		}
		if (handler instanceof HandlerMethod handlerMethod) {
			Duration timeout = this.timeouts.computeIfAbsent(
					new MethodClassKey(handlerMethod.getMethod(), handlerMethod.getBeanType()),
					(key) -> findTimeout(handlerMethod.getMethod(), handlerMethod.getBeanType()));
			if (timeout != NONE && state.applyHandlerTimeout(timeout)) {
				// a handler timeout shorter than the time already spent
				state.getToken().throwIfCancelled();
			}
		}
		return true;
	}

	private Duration findTimeout(Method method, Class<?> beanType) {
		RequestTimeout annotation = AnnotatedElementUtils.findMergedAnnotation(method, RequestTimeout.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(beanType, RequestTimeout.class);
		}
		if (annotation == null) {
			return NONE;
		}
		String value = annotation.value();
		String resolved = (this.valueResolver != null) ? this.valueResolver.resolveStringValue(value) : value;
		try {
			Duration timeout = DurationStyle.detectAndParse((resolved != null) ? resolved.trim() : "");
			if (timeout.isNegative()) {
				throw new IllegalArgumentException("it is negative");
			}
			return timeout;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid @RequestTimeout value '" + value + "' on " + method
					+ ": expected a duration such as '2s' or a number of milliseconds", ex);
		}
	}

}
