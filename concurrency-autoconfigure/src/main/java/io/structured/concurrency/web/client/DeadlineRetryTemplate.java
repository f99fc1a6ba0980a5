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

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.core.retry.support.CompositeRetryListener;
import org.springframework.util.Assert;

import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskContext;

/**
 * A {@link RetryTemplate} that never starts an attempt, nor sleeps, past the deadline of
 * the current request or task, and that can give each attempt a timeout of its own.
 *
 * <p>
 * Its retry policy is always wrapped in a {@link DeadlineRetryPolicy}: once the current
 * token is cancelled, or when a back-off would reach the deadline, the template throws a
 * {@link io.structured.concurrency.core.TaskCancelledException} (a
 * {@link io.structured.concurrency.core.DeadlineExceededException} for the deadline)
 * rather than a {@link RetryException}. Before each retry it checks the token again, in
 * case it was cancelled during the back-off.
 *
 * <p>
 * With an {@link #setAttemptTimeout attempt timeout}, each attempt runs under a child of
 * the current token whose deadline is the earlier of the attempt timeout and the current
 * deadline, so that calls made through a {@link DeadlineClientHttpRequestInterceptor}
 * send, and are aborted at, that smaller budget. Outside any request or task the attempt
 * timeout does not apply.
 *
 * <pre class="code">
 * DeadlineRetryTemplate retry = new DeadlineRetryTemplate(RetryPolicy.builder()
 *     .maxRetries(2).delay(Duration.ofMillis(200)).build());
 * retry.setAttemptTimeout(Duration.ofSeconds(1));
 * String quote = retry.invoke(() -&gt; restClient.get().uri("/quote").retrieve().body(String.class));
 * </pre>
 *
 * @since 0.1.0
 */
public class DeadlineRetryTemplate extends RetryTemplate {

	private static final RetryListener CANCELLATION_CHECK = new RetryListener() {

		@Override
		public void beforeRetry(RetryPolicy retryPolicy, Retryable<?> retryable, RetryState retryState) {
			TaskContext.throwIfCancelled();
		}

	};

	private @Nullable Duration attemptTimeout;

	/**
	 * Create a template with Spring's default retry policy.
	 */
	public DeadlineRetryTemplate() {
		this(RetryPolicy.withDefaults());
	}

	/**
	 * Create a template with the given retry policy.
	 * @param retryPolicy the policy, to be kept within the deadline
	 */
	public DeadlineRetryTemplate(RetryPolicy retryPolicy) {
		super(DeadlineRetryPolicy.of(retryPolicy));
		super.setRetryListener(CANCELLATION_CHECK);
	}

	@Override
	public void setRetryPolicy(RetryPolicy retryPolicy) {
		super.setRetryPolicy(DeadlineRetryPolicy.of(retryPolicy));
	}

	@Override
	public void setRetryListener(RetryListener retryListener) {
		Assert.notNull(retryListener, "'retryListener' must not be null");
		super.setRetryListener(new CompositeRetryListener(List.of(CANCELLATION_CHECK, retryListener)));
	}

	/**
	 * Set the longest time one attempt may take, within the current deadline.
	 * @param attemptTimeout the attempt timeout, or {@code null} for none
	 */
	public void setAttemptTimeout(@Nullable Duration attemptTimeout) {
		Assert.isTrue(attemptTimeout == null || !attemptTimeout.isNegative(), "'attemptTimeout' must not be negative");
		this.attemptTimeout = attemptTimeout;
	}

	@Override
	public <R extends @Nullable Object> R execute(Retryable<R> retryable) throws RetryException {
		Duration timeout = this.attemptTimeout;
		return super.execute((timeout != null) ? new TimedAttempt<>(retryable, timeout) : retryable);
	}

	/**
	 * An attempt that runs under a child token with a deadline of its own.
	 */
	private static final class TimedAttempt<R extends @Nullable Object> implements Retryable<R> {

		private final Retryable<R> delegate;

		private final Duration timeout;

		TimedAttempt(Retryable<R> delegate, Duration timeout) {
			this.delegate = delegate;
			this.timeout = timeout;
		}

		@Override
		public R execute() throws Throwable {
			TaskContext context = TaskContext.current();
			if (context == null) {
				return this.delegate.execute();
			}
			CancellationToken attempt = context.token().child(this.timeout);
			TaskContext previous = TaskContext.set(new TaskContext(context.node(), attempt));
			try {
				return this.delegate.execute();
			}
			finally {
				TaskContext.set(previous);
				attempt.release();
			}
		}

		@Override
		public String getName() {
			return this.delegate.getName();
		}

	}

}
