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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.log.LogMessage;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.Assert;
import org.springframework.util.PathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.DisconnectedClientHelper;
import org.springframework.web.util.UrlPathHelper;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskScopes;

/**
 * Servlet filter that runs every request in a {@link RequestScope} of its own, with a
 * deadline, for the REQUEST and ASYNC dispatches of the request.
 *
 * <h2>Deadline</h2> The deadline is the caller's timeout header (by default
 * {@code X-Request-Timeout}): a non-negative integer number of milliseconds in ASCII
 * digits on a single header line, clamped to the {@link #setMaxTimeout maximum}; a number
 * too large for 64 bits is clamped as well. Without the header, or with a malformed one,
 * the {@link #setDefaultTimeout default timeout} applies, or the one a handler declares
 * with {@link RequestTimeout @RequestTimeout}; a malformed header is logged at DEBUG and
 * counted. A timeout of {@code 0} is answered with 504 at once, without calling the
 * handler.
 *
 * <p>
 * When the request's token is cancelled while the request thread runs the filter chain,
 * the thread is interrupted; the interrupt is cleared when the chain returns, so that it
 * never reaches the next request served by the same pooled thread. Once the response is
 * written to (or its writer taken), cancellation no longer interrupts the thread, and an
 * interrupt it caused is cleared: the container's socket I/O is interruptible, and an
 * interrupt that reaches it drops the connection without an answer. The token still
 * reports the cancellation. A failure that escapes the chain while the token is cancelled
 * with {@link CancellationReason#DEADLINE}, or a
 * {@link io.structured.concurrency.core.DeadlineExceededException}, is answered with an
 * RFC 9457 504 problem response; a refused task
 * ({@link java.util.concurrent.RejectedExecutionException}, such as Spring's
 * {@code TaskRejectedException}, or resilience4j's {@code BulkheadFullException}) with a
 * 503 problem response and a {@code Retry-After} header. Spring MVC applications get the
 * same answers earlier, from {@link ConcurrencyExceptionResolver}.
 *
 * <h2>Completion</h2> The scope closes when the request completes: when the chain
 * returns, or, for asynchronous handling ({@code Callable}, {@code DeferredResult},
 * {@code CompletableFuture}), when the container completes the request. The scope is
 * installed again on the thread of every ASYNC dispatch. The container's async timeout
 * cancels the scope with {@link CancellationReason#DEADLINE}; an async error caused by a
 * client that went away cancels it with {@link CancellationReason#CLIENT_DISCONNECTED}.
 *
 * <h2>Client disconnects</h2> What the container lets an application detect, measured
 * with Tomcat 11's NIO connector and HTTP/1.1 (see {@code ClientDisconnectTests}):
 * <ul>
 * <li>Tomcat does not watch a connection while a request is being handled, whether by a
 * blocking handler or asynchronously: the socket is not registered with the poller. A
 * client that closes the connection is noticed only when the application reads more of
 * the request body than was received, or when a write reaches the socket (a flush, or a
 * full response buffer) and fails with an {@link java.io.IOException} (Tomcat's
 * {@code ClientAbortException}).</li>
 * <li>This filter wraps the response so that such a failed write, from the request thread
 * or from any other thread writing asynchronously, cancels the request's token with
 * {@link CancellationReason#CLIENT_DISCONNECTED} at once, which stops the request's
 * tasks. A handler that flushes every 50 ms saw the disconnect at its first or second
 * write after the client closed the connection (about 50 to 70 ms after a normal close,
 * under 10 ms after a reset). An async error that Tomcat reports through
 * {@link AsyncListener#onError} for a gone client does the same.</li>
 * <li>A handler that writes nothing until it ends never learns that the client went away,
 * blocking or asynchronous (a pending {@code DeferredResult} ran on to its deadline): its
 * work is bounded by the deadline only.</li>
 * </ul>
 *
 * <h2>Naming</h2> A request is named {@code METHOD UNKNOWN} at first, and
 * {@code METHOD route-pattern}, such as {@code GET /orders/{id}}, once Spring MVC has
 * found its handler: the task tree is meant to be shown to operators, and a path can
 * carry identifiers or personal data that its route pattern does not. Its id comes from
 * the request id header (by default {@code X-Request-Id}) when that is 1 to 128 letters,
 * digits or {@code . _ : ; + = / @ -}, and is generated otherwise, so that no caller can
 * write into the logs through it; it is in the MDC under {@code requestId} while the
 * request runs.
 *
 * @since 0.1.0
 */
public class RequestScopeFilter extends OncePerRequestFilter {

	/**
	 * The order of the filter: after Spring Boot's character encoding and observation
	 * filters, so that the MDC holds the trace id, and before everything else.
	 */
	public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	// what Spring's HTTP server observations call a request without a route pattern
	private static final String UNKNOWN_ROUTE = "UNKNOWN";

	static final String STATE_ATTRIBUTE = RequestScopeFilter.class.getName() + ".STATE";

	// the value of HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, without needing
	// spring-webmvc
	private static final String BEST_MATCHING_PATTERN_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping"
			+ ".bestMatchingPattern";

	// what ids of common tracing and request-id schemes (UUIDs, hex and base64 ids,
	// key=value;key=value trace headers) are made of, and nothing that could forge a
	// log line or break out of the MDC's brackets or a JSON string
	private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:;+=/@-]{1,128}");

	private static final Log logger = LogFactory.getLog(RequestScopeFilter.class);

	private final TaskScopes taskScopes;

	private Duration defaultTimeout = Duration.ofSeconds(30);

	private Duration maxTimeout = Duration.ofMinutes(5);

	private String timeoutHeader = "X-Request-Timeout";

	private String requestIdHeader = "X-Request-Id";

	private Duration retryAfter = Duration.ofSeconds(1);

	private List<String> excludedPaths = new ArrayList<>();

	private final PathMatcher pathMatcher = new AntPathMatcher();

	private Runnable invalidTimeoutHeaderCounter = () -> {
	};

	/**
	 * Create a new filter.
	 * @param taskScopes the factory of request scopes
	 */
	public RequestScopeFilter(TaskScopes taskScopes) {
		Assert.notNull(taskScopes, "'taskScopes' must not be null");
		this.taskScopes = taskScopes;
	}

	/**
	 * Set the deadline of a request that carries no valid timeout header and whose
	 * handler declares no timeout. Defaults to 30 seconds.
	 * @param defaultTimeout the default timeout
	 */
	public void setDefaultTimeout(Duration defaultTimeout) {
		Assert.notNull(defaultTimeout, "'defaultTimeout' must not be null");
		this.defaultTimeout = defaultTimeout;
	}

	/**
	 * Set the largest timeout a caller may ask for. Defaults to 5 minutes.
	 * @param maxTimeout the maximum timeout
	 */
	public void setMaxTimeout(Duration maxTimeout) {
		Assert.notNull(maxTimeout, "'maxTimeout' must not be null");
		Assert.isTrue(!maxTimeout.isNegative(), "'maxTimeout' must not be negative");
		this.maxTimeout = maxTimeout;
	}

	/**
	 * Set the header through which a caller sends its timeout. Defaults to
	 * {@code X-Request-Timeout}.
	 * @param timeoutHeader the header name
	 */
	public void setTimeoutHeader(String timeoutHeader) {
		Assert.hasText(timeoutHeader, "'timeoutHeader' must not be empty");
		this.timeoutHeader = timeoutHeader;
	}

	/**
	 * Set the header that carries the request id. Defaults to {@code X-Request-Id}.
	 * @param requestIdHeader the header name
	 */
	public void setRequestIdHeader(String requestIdHeader) {
		Assert.hasText(requestIdHeader, "'requestIdHeader' must not be empty");
		this.requestIdHeader = requestIdHeader;
	}

	/**
	 * Set the {@code Retry-After} of a 503 response to refused work. Defaults to 1
	 * second.
	 * @param retryAfter the time a client should wait, sent in whole seconds
	 */
	public void setRetryAfter(Duration retryAfter) {
		Assert.notNull(retryAfter, "'retryAfter' must not be null");
		this.retryAfter = retryAfter;
	}

	/**
	 * Set the Ant-style patterns of paths, within the application, that run without a
	 * scope.
	 * @param excludedPaths the patterns
	 */
	public void setExcludedPaths(List<String> excludedPaths) {
		Assert.notNull(excludedPaths, "'excludedPaths' must not be null");
		this.excludedPaths = new ArrayList<>(excludedPaths);
	}

	/**
	 * Set the action that counts a request with a malformed timeout header.
	 * @param invalidTimeoutHeaderCounter called once per such request
	 */
	public void setInvalidTimeoutHeaderCounter(Runnable invalidTimeoutHeaderCounter) {
		Assert.notNull(invalidTimeoutHeaderCounter, "'invalidTimeoutHeaderCounter' must not be null");
		this.invalidTimeoutHeaderCounter = invalidTimeoutHeaderCounter;
	}

	/**
	 * Return the scope of the given request.
	 * @param request the request
	 * @return the scope, or {@code null} if the request runs without one
	 */
	public static @Nullable RequestScope getRequestScope(ServletRequest request) {
		RequestState state = getState(request);
		return (state != null) ? state.getScope() : null;
	}

	static @Nullable RequestState getState(ServletRequest request) {
		return (request.getAttribute(STATE_ATTRIBUTE) instanceof RequestState state) ? state : null;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (this.excludedPaths.isEmpty()) {
			return false;
		}
		String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
		for (String pattern : this.excludedPaths) {
			if (this.pathMatcher.match(pattern, path)) {
				return true;
			}
		}
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestState state = getState(request);
		if (!isAsyncDispatch(request)) {
			start(request, response, chain);
		}
		else if (state != null) {
			resume(state, request, response, chain);
		}
		else {
			chain.doFilter(request, response);
		}
	}

	private void start(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long startNanos = System.nanoTime();
		String requestId = requestId(request);
		TimeoutHeader header = TimeoutHeader.parse(request.getHeaders(this.timeoutHeader));
		Duration timeout = this.defaultTimeout;
		if (header.isMalformed()) {
			invalidTimeoutHeader(request, header);
		}
		else if (header.isValid()) {
			if (header.getMillis() == 0) {
				logger.debug(LogMessage.format("Answered '%s %s' with 504: it arrived with no time left",
						request.getMethod(), request.getRequestURI()));
				Problems.deadlineExceeded().write(request, response, requestId);
				return;
			}
			timeout = header.clampTo(this.maxTimeout);
		}
		String previousRequestId = Mdc.put(Mdc.REQUEST_ID, requestId);
		try {
			RequestScope scope = this.taskScopes.openRequest(request.getMethod() + " " + UNKNOWN_ROUTE, timeout,
					requestId, Mdc.get(Mdc.TRACE_ID));
			RequestState state = new RequestState(scope, requestId, startNanos, header.isValid());
			request.setAttribute(STATE_ATTRIBUTE, state);
			try {
				dispatch(state, request, new DisconnectAwareResponse(response, state), chain);
			}
			finally {
				nameAfterRoute(request, scope);
				if (request.isAsyncStarted()) {
					request.getAsyncContext().addListener(new ScopeAsyncListener(state));
					scope.detachFromThread();
				}
				else {
					scope.close();
				}
			}
		}
		finally {
			Mdc.restore(Mdc.REQUEST_ID, previousRequestId);
		}
	}

	private String requestId(HttpServletRequest request) {
		String requestId = request.getHeader(this.requestIdHeader);
		if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
			return String.format("%016x", ThreadLocalRandom.current().nextLong());
		}
		return requestId;
	}

	private void invalidTimeoutHeader(HttpServletRequest request, TimeoutHeader header) {
		this.invalidTimeoutHeaderCounter.run();
		logger.debug(LogMessage.format("Ignored malformed '%s' header of '%s %s' (%s); the default timeout applies",
				this.timeoutHeader, request.getMethod(), request.getRequestURI(), header.getProblem()));
	}

	private void resume(RequestState state, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		TaskContext previousContext = state.getScope().attach();
		String previousRequestId = Mdc.put(Mdc.REQUEST_ID, state.getRequestId());
		try {
			HttpServletResponse wrapped = (response instanceof DisconnectAwareResponse) ? response
					: new DisconnectAwareResponse(response, state);
			dispatch(state, request, wrapped, chain);
		}
		finally {
			nameAfterRoute(request, state.getScope());
			TaskContext.set(previousContext);
			Mdc.restore(Mdc.REQUEST_ID, previousRequestId);
		}
	}

	private void dispatch(RequestState state, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		CancellationToken token = state.getToken();
		CancellationReason reason = token.getReason();
		Problem early = (reason != null && !isAsyncDispatch(request)) ? Problems.forReason(reason, this.retryAfter)
				: null;
		if (early != null) {
			logger.debug(LogMessage.format("Answered '%s %s' with %s before calling its handler: %s",
					request.getMethod(), request.getRequestURI(), early.status(), reason));
			early.write(request, response, state.getRequestId());
			return;
		}
		ThreadInterrupter interrupter = new ThreadInterrupter();
		state.interruptWith(interrupter);
		CancellationToken.Registration registration = token.onCancel(interrupter);
		Throwable failure = null;
		try {
			chain.doFilter(request, response);
		}
		catch (Throwable ex) {
			failure = ex;
		}
		finally {
			registration.unregister();
			state.interruptWith(null);
			interrupter.leave();
		}
		if (failure != null) {
			answer(state, request, response, failure);
		}
	}

	private void answer(RequestState state, HttpServletRequest request, HttpServletResponse response, Throwable failure)
			throws ServletException, IOException {
		Problem problem = Problems.resolve(failure, state.getToken(), this.retryAfter);
		boolean writable = !response.isCommitted() && !request.isAsyncStarted();
		if (problem == null || (!problem.silent() && !writable)) {
			rethrow(failure);
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug(LogMessage.format("Answered '%s' with %s after %s", state.getScope().getNode().getName(),
					problem.silent() ? "nothing" : problem.status(), failure));
		}
		if (!problem.silent()) {
			problem.write(request, response, state.getRequestId());
		}
	}

	private static void rethrow(Throwable failure) throws ServletException, IOException {
		if (failure instanceof IOException ex) {
			throw ex;
		}
		if (failure instanceof ServletException ex) {
			throw ex;
		}
		if (failure instanceof RuntimeException ex) {
			throw ex;
		}
		if (failure instanceof Error ex) {
			throw ex;
		}
		throw new ServletException(failure);
	}

	private static void nameAfterRoute(HttpServletRequest request, RequestScope scope) {
		Object pattern = request.getAttribute(BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern != null) {
			scope.rename(request.getMethod() + " " + pattern);
		}
	}

	/**
	 * Closes the scope when an asynchronously handled request completes.
	 */
	private static final class ScopeAsyncListener implements AsyncListener {

		private final RequestState state;

		ScopeAsyncListener(RequestState state) {
			this.state = state;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			this.state.getScope().close();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			this.state.getToken().cancel(CancellationReason.DEADLINE);
		}

		@Override
		public void onError(AsyncEvent event) {
			Throwable failure = event.getThrowable();
			if (failure != null && DisconnectedClientHelper.isClientDisconnectedException(failure)) {
				this.state.getToken().cancel(CancellationReason.CLIENT_DISCONNECTED);
			}
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

	}

}
