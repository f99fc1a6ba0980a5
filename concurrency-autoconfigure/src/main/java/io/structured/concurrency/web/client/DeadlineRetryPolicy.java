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
import java.util.concurrent.TimeUnit;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.DeadlineExceededException;
import io.structured.concurrency.core.TaskCancelledException;
import io.structured.concurrency.core.TaskContext;

/**
 * A {@link RetryPolicy} that keeps Spring's {@code RetryTemplate} within the deadline of
 * the current request or task. It decorates another policy:
 * <ul>
 * <li>once the current token is cancelled, deciding whether to retry throws a
 * {@link TaskCancelledException} (a {@link DeadlineExceededException} for a passed
 * deadline) instead, so no attempt starts;</li>
 * <li>a back-off that would sleep until the deadline or past it throws a
 * {@link DeadlineExceededException} instead of sleeping, since the next attempt could not
 * start in time.</li>
 * </ul>
 * These exceptions leave {@code RetryTemplate.execute} and {@code invoke} as they are,
 * not wrapped in a {@code RetryException}. Outside any request or task, the policy
 * behaves like the one it decorates.
 *
 * @since 0.1.0
 * @see DeadlineRetryTemplate
 */
public final class DeadlineRetryPolicy implements RetryPolicy {

	private final RetryPolicy delegate;

	private DeadlineRetryPolicy(RetryPolicy delegate) {
		this.delegate = delegate;
	}

	/**
	 * Return a policy that keeps the given policy within the current deadline.
	 * @param policy the policy to decorate
	 * @return the deadline-aware policy
	 */
	public static DeadlineRetryPolicy of(RetryPolicy policy) {
		Assert.notNull(policy, "'policy' must not be null");
		return (policy instanceof DeadlineRetryPolicy deadlineAware) ? deadlineAware : new DeadlineRetryPolicy(policy);
	}

	@Override
	public boolean shouldRetry(Throwable throwable) {
		CancellationToken token = TaskContext.currentToken();
		CancellationReason reason = (token != null) ? token.getReason() : null;
		if (reason != null) {
			TaskCancelledException cancelled = TaskCancelledException.of(reason);
			cancelled.addSuppressed(throwable);
			throw cancelled;
		}
		return this.delegate.shouldRetry(throwable);
	}

	@Override
	public Duration getTimeout() {
		return this.delegate.getTimeout();
	}

	@Override
	public BackOff getBackOff() {
		BackOff backOff = this.delegate.getBackOff();
		return () -> new DeadlineBackOffExecution(backOff.start());
	}

	@Override
	public String toString() {
		return "DeadlineRetryPolicy[" + this.delegate + "]";
	}

	private static final class DeadlineBackOffExecution implements BackOffExecution {

		private final BackOffExecution delegate;

		DeadlineBackOffExecution(BackOffExecution delegate) {
			this.delegate = delegate;
		}

		@Override
		public long nextBackOff() {
			long delay = this.delegate.nextBackOff();
			CancellationToken token = TaskContext.currentToken();
			if (delay == STOP || token == null) {
				return delay;
			}
			token.throwIfCancelled();
			long remainingNanos = token.remainingNanos();
			if (remainingNanos != Long.MAX_VALUE && delay >= TimeUnit.NANOSECONDS.toMillis(remainingNanos)) {
				throw new DeadlineExceededException();
			}
			return delay;
		}

	}

}
