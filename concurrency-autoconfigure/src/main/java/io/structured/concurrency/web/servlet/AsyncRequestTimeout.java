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

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.AsyncWebRequest;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;

import io.structured.concurrency.core.CancellationToken;

/**
 * Sets the async timeout of a request handled asynchronously to the time left until its
 * deadline, and a little more. Without it the container's own async timeout (30 s on
 * Tomcat, or {@code spring.mvc.async.request-timeout}), which knows nothing of the
 * deadline, would answer a request whose deadline is later with a 503, or race the
 * deadline's 504 when both are equal. The container's timeout stays as a backstop.
 *
 * <p>
 * Applies to {@link Callable} return values, whose deadline (see {@link RequestTimeout})
 * is the way to give them more or less time, and to {@code CompletableFuture} return
 * values; a {@code DeferredResult} made by a handler keeps its own timeout.
 */
final class AsyncRequestTimeout implements CallableProcessingInterceptor {

	// lets the deadline fire, and its 504 be written, before the container steps in
	private static final long MARGIN_MILLIS = 1000;

	@Override
	public <T> void beforeConcurrentHandling(NativeWebRequest request, Callable<T> task) {
		alignWithDeadline(request);
	}

	static void alignWithDeadline(NativeWebRequest request) {
		HttpServletRequest servletRequest = request.getNativeRequest(HttpServletRequest.class);
		RequestState state = (servletRequest != null) ? RequestScopeFilter.getState(servletRequest) : null;
		if (!(request instanceof AsyncWebRequest asyncRequest) || state == null) {
			return;
		}
		CancellationToken token = state.getToken();
		if (token.hasDeadline()) {
			long remaining = Math.max(0, TimeUnit.NANOSECONDS.toMillis(token.remainingNanos()));
			asyncRequest.setTimeout(remaining + MARGIN_MILLIS);
		}
	}

}
