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

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskContext;

/**
 * Answers the failures that stand for a passed deadline, refused work or a gone client
 * with RFC 9457 {@code application/problem+json} responses, without a stack trace and
 * without logging above DEBUG:
 * <ul>
 * <li>any exception thrown while the request's token is cancelled with
 * {@link CancellationReason#DEADLINE}, a
 * {@link io.structured.concurrency.core.DeadlineExceededException} or an async request
 * timeout: 504, type {@link ProblemTypes#DEADLINE_EXCEEDED};</li>
 * <li>a {@link java.util.concurrent.RejectedExecutionException} (such as Spring's
 * {@code TaskRejectedException}) or resilience4j's {@code BulkheadFullException}: 503
 * with {@code Retry-After} in whole seconds, type {@link ProblemTypes#EXECUTOR_SATURATED}
 * or {@link ProblemTypes#BULKHEAD_FULL};</li>
 * <li>cancellation for {@link CancellationReason#SHUTDOWN shutdown}: 503 with
 * {@code Retry-After}; {@link CancellationReason#MANUAL manual} cancellation: 503;</li>
 * <li>a client that went away: nothing is written.</li>
 * </ul>
 * Other exceptions, such as a failed task scope, are left to the application.
 *
 * @since 0.1.0
 */
public class ConcurrencyExceptionResolver implements HandlerExceptionResolver, Ordered {

	/**
	 * The order of the resolver: ahead of Spring MVC's own resolvers and of
	 * {@code @ExceptionHandler} methods, behind Spring Boot's error attributes.
	 */
	public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	private static final Log logger = LogFactory.getLog(ConcurrencyExceptionResolver.class);

	private final Duration retryAfter;

	private int order = DEFAULT_ORDER;

	/**
	 * Create a new resolver.
	 * @param retryAfter the {@code Retry-After} of a 503 response, sent in whole seconds
	 */
	public ConcurrencyExceptionResolver(Duration retryAfter) {
		Assert.notNull(retryAfter, "'retryAfter' must not be null");
		this.retryAfter = retryAfter;
	}

	/**
	 * Set the order of the resolver.
	 * @param order the order
	 */
	public void setOrder(int order) {
		this.order = order;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception failure) {
		RequestState state = RequestScopeFilter.getState(request);
		CancellationToken token = (state != null) ? state.getToken() : TaskContext.currentToken();
		Problem problem = Problems.resolve(failure, token, this.retryAfter);
		if (problem == null || (!problem.silent() && response.isCommitted())) {
			return null;
		}
		if (logger.isDebugEnabled()) {
			logger.debug(LogMessage.format("Answered '%s %s' with %s after %s", request.getMethod(),
					request.getRequestURI(), problem.silent() ? "nothing" : problem.status(), failure));
		}
		if (problem.silent()) {
			return new ModelAndView();
		}
		// this thread may have been interrupted for the cancellation that is answered
		// here
		if (token != null && token.isCancelled()) {
			Thread.interrupted();
		}
		try {
			problem.write(request, response, (state != null) ? state.getRequestId() : null);
		}
		catch (IOException ex) {
			logger.debug("Failed to write a problem response", ex);
		}
		return new ModelAndView();
	}

}
