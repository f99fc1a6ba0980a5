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

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import io.structured.concurrency.core.TaskContext;

/**
 * Records the request context that the thread writing the body of {@code /future} sees:
 * the thread of the ASYNC dispatch.
 */
@ControllerAdvice
class AsyncDispatchSpy implements ResponseBodyAdvice<Object> {

	private final Recorder recorder;

	AsyncDispatchSpy(Recorder recorder) {
		this.recorder = recorder;
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType,
			MediaType selectedContentType, Class<? extends HttpMessageConverter<?>> selectedConverterType,
			ServerHttpRequest request, ServerHttpResponse response) {
		if (request.getURI().getPath().equals("/future")) {
			TaskContext context = TaskContext.current();
			this.recorder.put("asyncDispatch.requestId", (context != null) ? context.node().getRequestId() : null);
			this.recorder.put("asyncDispatch.mdc", MDC.get("requestId"));
		}
		return body;
	}

}
