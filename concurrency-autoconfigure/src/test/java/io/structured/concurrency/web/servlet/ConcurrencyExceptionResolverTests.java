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

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import org.junit.jupiter.api.Test;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.servlet.ModelAndView;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.DeadlineExceededException;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.ScopeFailedException;
import io.structured.concurrency.core.TaskCancelledException;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScopes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConcurrencyExceptionResolver}.
 */
class ConcurrencyExceptionResolverTests {

	private final ConcurrencyExceptionResolver resolver = new ConcurrencyExceptionResolver(Duration.ofSeconds(3));

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/42");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void resolveWhenDeadlineExceededShouldAnswer504Problem() throws Exception {
		ModelAndView result = this.resolver.resolveException(this.request, this.response, null,
				new DeadlineExceededException());
		assertThat(result).isNotNull();
		assertThat(this.response.getStatus()).isEqualTo(504);
		assertThat(this.response.getContentType()).isEqualTo("application/problem+json");
		assertThat(this.response.getHeader("Retry-After")).isNull();
		assertThat(this.response.getContentAsString()).isEqualTo(
				"{\"type\":\"urn:structured-concurrency:problem:deadline-exceeded\",\"title\":\"Deadline exceeded\","
						+ "\"status\":504,\"detail\":\"The request's deadline passed before it completed\","
						+ "\"instance\":\"/orders/42\"}");
	}

	@Test
	void resolveWhenTaskRejectedShouldAnswer503WithRetryAfterInWholeSeconds() throws Exception {
		this.resolver.resolveException(this.request, this.response, null, new TaskRejectedException("full"));
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("3");
		assertThat(this.response.getContentAsString()).contains("\"type\":\"" + ProblemTypes.EXECUTOR_SATURATED + "\"");
	}

	@Test
	void resolveWhenRetryAfterIsFractionalShouldRoundUp() {
		ConcurrencyExceptionResolver resolver = new ConcurrencyExceptionResolver(Duration.ofMillis(1500));
		resolver.resolveException(this.request, this.response, null, new TaskRejectedException("full"));
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("2");
	}

	@Test
	void resolveWhenBulkheadFullShouldAnswer503() throws Exception {
		BulkheadFullException ex = BulkheadFullException.createBulkheadFullException(Bulkhead.ofDefaults("db"));
		this.resolver.resolveException(this.request, this.response, null, ex);
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("3");
		assertThat(this.response.getContentAsString()).contains("\"type\":\"" + ProblemTypes.BULKHEAD_FULL + "\"")
			.contains("\"title\":\"Bulkhead full\"");
	}

	@Test
	void resolveWhenRejectionIsWrappedShouldUnwrapIt() {
		this.resolver.resolveException(this.request, this.response, null,
				new ExecutionException(new CompletionException(new TaskRejectedException("full"))));
		assertThat(this.response.getStatus()).isEqualTo(503);
	}

	@Test
	void resolveWhenAsyncRequestTimedOutShouldAnswer504() {
		this.resolver.resolveException(this.request, this.response, null, new AsyncRequestTimeoutException());
		assertThat(this.response.getStatus()).isEqualTo(504);
	}

	@Test
	void resolveWhenFailedScopeShouldLeaveItToTheApplication() {
		ModelAndView result = this.resolver.resolveException(this.request, this.response, null,
				new ScopeFailedException("flights", new IllegalStateException("down")));
		assertThat(result).isNull();
		assertThat(this.response.getStatus()).isEqualTo(200);
	}

	@Test
	void resolveWhenClientWentAwayShouldWriteNothing() throws Exception {
		ModelAndView result = this.resolver.resolveException(this.request, this.response, null,
				new TaskCancelledException(CancellationReason.CLIENT_DISCONNECTED));
		assertThat(result).isNotNull();
		assertThat(this.response.getContentAsString()).isEmpty();
		assertThat(this.response.getStatus()).isEqualTo(200);
	}

	@Test
	void resolveWhenCommittedShouldLeaveItToSpring() throws Exception {
		this.response.setCommitted(true);
		ModelAndView result = this.resolver.resolveException(this.request, this.response, null,
				new DeadlineExceededException());
		assertThat(result).isNull();
	}

	@Test
	void resolveWhenRequestDeadlinePassedShouldAnswer504ForAnyException() throws Exception {
		TaskScopes scopes = new TaskScopes(new TaskRegistry(), Runnable::run, RequestScope.OutlivedTasks.REPORT);
		try (RequestScope scope = scopes.openRequest("GET /orders/42", Duration.ofSeconds(5), "req-1", null)) {
			this.request.setAttribute(RequestScopeFilter.STATE_ATTRIBUTE,
					new RequestState(scope, "req-1", System.nanoTime(), false));
			scope.getToken().cancel(CancellationReason.DEADLINE);
			this.resolver.resolveException(this.request, this.response, null, new IllegalStateException("late"));
		}
		assertThat(this.response.getStatus()).isEqualTo(504);
		assertThat(this.response.getContentAsString()).contains("\"requestId\":\"req-1\"");
	}

	@Test
	void resolveWhenOtherFailureShouldLeaveItToTheApplication() {
		assertThat(this.resolver.resolveException(this.request, this.response, null, new IllegalStateException()))
			.isNull();
	}

}
