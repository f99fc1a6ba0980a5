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

import java.util.concurrent.CompletionStage;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskCancelledException;

/**
 * Ends a pending {@link DeferredResult} (and so a {@code CompletableFuture} return value)
 * with a {@link TaskCancelledException} when its request's token is cancelled, for
 * example when the deadline passes, so that the request is answered at once. The
 * {@code DeferredResult} that Spring MVC makes for a {@code CompletableFuture}, or any
 * {@link CompletionStage}, has no timeout of its own and gets the deadline's (see
 * {@link AsyncRequestTimeout}); one that a handler makes keeps its own.
 */
final class RequestScopeDeferredResultInterceptor implements DeferredResultProcessingInterceptor {

	private static final String REGISTRATION_ATTRIBUTE = RequestScopeDeferredResultInterceptor.class.getName()
			+ ".REGISTRATION";

	@Override
	public <T> void beforeConcurrentHandling(NativeWebRequest request, DeferredResult<T> deferredResult) {
		HttpServletRequest servletRequest = request.getNativeRequest(HttpServletRequest.class);
		RequestState state = (servletRequest != null) ? RequestScopeFilter.getState(servletRequest) : null;
		if (state == null) {
			return;
		}
		if (returnsCompletionStage(request)) {
			AsyncRequestTimeout.alignWithDeadline(request);
		}
		CancellationToken.Registration registration = state.getToken().onCancel((reason) -> {
			if (reason != CancellationReason.CLIENT_DISCONNECTED && reason != CancellationReason.SCOPE_CLOSED) {
				deferredResult.setErrorResult(TaskCancelledException.of(reason));
			}
		});
		request.setAttribute(REGISTRATION_ATTRIBUTE, registration, RequestAttributes.SCOPE_REQUEST);
	}

	private static boolean returnsCompletionStage(NativeWebRequest request) {
		Object handler = request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST);
		return handler instanceof HandlerMethod method
				&& CompletionStage.class.isAssignableFrom(method.getReturnType().getParameterType());
	}

	@Override
	public <T> void afterCompletion(NativeWebRequest request, DeferredResult<T> deferredResult) {
		if (request.getAttribute(REGISTRATION_ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST) instanceof CancellationToken.Registration registration) {
			registration.unregister();
		}
	}

}
