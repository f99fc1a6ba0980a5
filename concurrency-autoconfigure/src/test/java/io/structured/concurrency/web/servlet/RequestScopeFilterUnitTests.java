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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RequestScopeFilter} outside a servlet container.
 */
class RequestScopeFilterUnitTests {

	private final TaskRegistry registry = new TaskRegistry();

	private final RequestScopeFilter filter = new RequestScopeFilter(
			new TaskScopes(this.registry, Runnable::run, RequestScope.OutlivedTasks.REPORT));

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/42");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void rejectionThatEscapesTheChainShouldBeAnswered503() throws Exception {
		this.filter.setRetryAfter(Duration.ofSeconds(3));
		this.filter.doFilter(this.request, this.response, (req, res) -> {
			throw new ServletException(new TaskRejectedException("full"));
		});
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("3");
		assertThat(this.response.getContentType()).isEqualTo("application/problem+json");
	}

	@Test
	void anyFailureThatEscapesTheChainAfterTheDeadlineShouldBeAnswered504() throws Exception {
		this.request.addHeader("X-Request-Timeout", "50");
		this.filter.doFilter(this.request, this.response, (req, res) -> {
			try {
				Thread.sleep(5000);
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException("interrupted", ex);
			}
		});
		assertThat(this.response.getStatus()).isEqualTo(504);
		assertThat(this.response.getContentAsString()).contains("\"status\":504");
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
	}

	@Test
	void otherFailureThatEscapesTheChainShouldBeRethrown() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.filter.doFilter(this.request, this.response, (req, res) -> {
				throw new IllegalStateException("bug");
			}));
		assertThat(this.registry.getActiveCount()).isZero();
	}

	@Test
	void zeroTimeoutShouldBeAnswered504WithoutCallingTheChain() throws Exception {
		this.request.addHeader("X-Request-Timeout", "0");
		AtomicBoolean called = new AtomicBoolean();
		this.filter.doFilter(this.request, this.response, (req, res) -> called.set(true));
		assertThat(called).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(504);
		assertThat(this.registry.getActiveCount()).isZero();
	}

	@Test
	void malformedTimeoutHeaderShouldBeCountedOncePerRequest() throws Exception {
		AtomicInteger invalid = new AtomicInteger();
		this.filter.setInvalidTimeoutHeaderCounter(invalid::incrementAndGet);
		this.request.addHeader("X-Request-Timeout", List.of("1500", "2000"));
		this.filter.doFilter(this.request, this.response, new MockFilterChain());
		assertThat(invalid).hasValue(1);
	}

	@Test
	void scopeShouldBeInstalledDuringTheChainAndClosedAfterIt() throws Exception {
		this.request.addHeader("X-Request-Id", "req-1");
		AtomicReference<@Nullable RequestScope> seen = new AtomicReference<>();
		this.filter.doFilter(this.request, this.response, (req, res) -> {
			seen.set(RequestScopeFilter.getRequestScope(req));
			assertThat(TaskContext.current()).isNotNull();
		});
		RequestScope scope = Objects.requireNonNull(seen.get());
		assertThat(scope.getNode().getRequestId()).isEqualTo("req-1");
		assertThat(scope.getNode().isFinished()).isTrue();
		assertThat(scope.getToken().getReason()).isNull();
		assertThat(TaskContext.current()).isNull();
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "req-1", "3f2a9c1e-7b4d-4e8a-9c3f-0a1b2c3d4e5f", "0af7651916cd43dd8448eb211c80319c", "dGVzdA==",
					"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", "svc/api@host:8080" })
	void requestIdFromTheHeaderShouldBeKept(String requestId) throws Exception {
		assertThat(requestIdFor(requestId)).isEqualTo(requestId);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "x origin=forged] FAKE", "line\nbreak", "quote\"d", "tab\tbed", "ünïcode",
			"<script>", "{json}" })
	void requestIdThatCouldForgeALogLineShouldBeReplaced(String requestId) throws Exception {
		assertThat(requestIdFor(requestId)).matches("[0-9a-f]{16}");
	}

	@Test
	void requestIdLongerThan128CharactersShouldBeReplaced() throws Exception {
		assertThat(requestIdFor("a".repeat(128))).hasSize(128);
		assertThat(requestIdFor("a".repeat(129))).matches("[0-9a-f]{16}");
	}

	@Test
	void requestCancelledByTheClientShouldGetNoAnswer() throws Exception {
		this.filter.doFilter(this.request, this.response, (req, res) -> {
			RequestScope scope = Objects.requireNonNull(RequestScopeFilter.getRequestScope(req));
			scope.getToken().cancel(CancellationReason.CLIENT_DISCONNECTED);
			scope.getToken().throwIfCancelled();
		});
		assertThat(this.response.getContentAsString()).isEmpty();
		assertThat(this.response.getStatus()).isEqualTo(200);
	}

	private @Nullable String requestIdFor(String header) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/42");
		request.addHeader("X-Request-Id", header);
		AtomicReference<@Nullable String> seen = new AtomicReference<>();
		this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen
			.set(Objects.requireNonNull(RequestScopeFilter.getRequestScope(req)).getNode().getRequestId()));
		return seen.get();
	}

}
