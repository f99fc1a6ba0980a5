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

package io.structured.concurrency.web.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.Assert;

import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.DeadlineExceededException;
import io.structured.concurrency.core.TaskCancelledException;
import io.structured.concurrency.core.TaskContext;

/**
 * Carries the deadline of the current request or task to outbound calls made through
 * Spring's {@code RestClient} or {@code RestTemplate}:
 * <ul>
 * <li>sends the remaining time, in whole milliseconds, in the timeout header (by default
 * {@code X-Request-Timeout});</li>
 * <li>sends nothing at all when the current token is cancelled or its deadline has
 * passed, but throws a {@link TaskCancelledException} (a
 * {@link DeadlineExceededException} for a passed deadline) at once;</li>
 * <li>aborts the call in flight when the current token is cancelled, which bounds the
 * wait for the response, and the reading of its body, by the remaining time, and throws a
 * {@link TaskCancelledException} in place of the I/O failure.</li>
 * </ul>
 * Outside any request or task, or under a token without a deadline, calls go out as they
 * are.
 *
 * <h2>Aborting</h2> A call is aborted by interrupting the thread that waits for it, for
 * as long as it waits. The JDK {@code HttpClient} (Spring Boot's choice when no other
 * HTTP client library is on the class path) cancels the exchange when interrupted, and so
 * does blocking socket I/O on virtual threads. Clients that ignore interrupts on platform
 * threads (Apache HttpClient, {@code HttpURLConnection}) keep waiting until their own
 * read timeout.
 *
 * @since 0.1.0
 */
public class DeadlineClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	/**
	 * The default name of the timeout header.
	 */
	public static final String DEFAULT_TIMEOUT_HEADER = "X-Request-Timeout";

	private final String timeoutHeader;

	/**
	 * Create an interceptor that sends the {@value #DEFAULT_TIMEOUT_HEADER} header.
	 */
	public DeadlineClientHttpRequestInterceptor() {
		this(DEFAULT_TIMEOUT_HEADER);
	}

	/**
	 * Create an interceptor.
	 * @param timeoutHeader the name of the header that carries the remaining time
	 */
	public DeadlineClientHttpRequestInterceptor(String timeoutHeader) {
		Assert.hasText(timeoutHeader, "'timeoutHeader' must not be empty");
		this.timeoutHeader = timeoutHeader;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		CancellationToken token = TaskContext.currentToken();
		if (token == null) {
			return execution.execute(request, body);
		}
		token.throwIfCancelled();
		long remainingNanos = token.remainingNanos();
		if (remainingNanos != Long.MAX_VALUE) {
			long remainingMillis = TimeUnit.NANOSECONDS.toMillis(remainingNanos);
			if (remainingMillis <= 0) {
				throw new DeadlineExceededException();
			}
			request.getHeaders().set(this.timeoutHeader, Long.toString(remainingMillis));
		}
		ExchangeGuard guard = new ExchangeGuard(token);
		try {
			guard.enter();
			ClientHttpResponse response;
			try {
				response = execution.execute(request, body);
			}
			finally {
				guard.leave();
			}
			return new GuardedResponse(response, guard);
		}
		catch (IOException | RuntimeException ex) {
			guard.close();
			TaskCancelledException cancelled = guard.cancellation(ex);
			if (cancelled != null) {
				throw cancelled;
			}
			throw ex;
		}
	}

	/**
	 * A response whose body reads are aborted when the token is cancelled, and that stops
	 * watching the token once closed.
	 */
	private static final class GuardedResponse implements ClientHttpResponse {

		private final ClientHttpResponse delegate;

		private final ExchangeGuard guard;

		GuardedResponse(ClientHttpResponse delegate, ExchangeGuard guard) {
			this.delegate = delegate;
			this.guard = guard;
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.delegate.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.delegate.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.delegate.getHeaders();
		}

		@Override
		public InputStream getBody() throws IOException {
			return new GuardedInputStream(this.delegate.getBody(), this.guard);
		}

		@Override
		public void close() {
			this.guard.close();
			this.delegate.close();
		}

	}

	private static final class GuardedInputStream extends FilterInputStream {

		private final ExchangeGuard guard;

		GuardedInputStream(InputStream in, ExchangeGuard guard) {
			super(in);
			this.guard = guard;
		}

		@Override
		public int read() throws IOException {
			this.guard.enter();
			try {
				return super.read();
			}
			catch (IOException ex) {
				throw translate(ex);
			}
			finally {
				this.guard.leave();
			}
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			this.guard.enter();
			try {
				return super.read(b, off, len);
			}
			catch (IOException ex) {
				throw translate(ex);
			}
			finally {
				this.guard.leave();
			}
		}

		@Override
		public long skip(long n) throws IOException {
			this.guard.enter();
			try {
				return super.skip(n);
			}
			catch (IOException ex) {
				throw translate(ex);
			}
			finally {
				this.guard.leave();
			}
		}

		private IOException translate(IOException ex) {
			TaskCancelledException cancelled = this.guard.cancellation(ex);
			if (cancelled != null) {
				throw cancelled;
			}
			return ex;
		}

	}

}
