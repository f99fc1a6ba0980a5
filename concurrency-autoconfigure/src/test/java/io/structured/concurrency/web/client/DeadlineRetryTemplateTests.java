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
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.Retryable;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.DeadlineExceededException;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskCancelledException;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DeadlineRetryTemplate} and {@link DeadlineRetryPolicy}.
 */
class DeadlineRetryTemplateTests {

	private final TaskScopes scopes = new TaskScopes(new TaskRegistry(), Runnable::run,
			RequestScope.OutlivedTasks.REPORT);

	private final List<Long> attempts = new CopyOnWriteArrayList<>();

	private final DeadlineRetryTemplate template = new DeadlineRetryTemplate(
			RetryPolicy.builder().maxRetries(2).delay(Duration.ofMillis(200)).build());

	@Test
	void executeOutsideAnyRequestShouldRetryAsTheDelegatePolicySays() {
		assertThatExceptionOfType(RetryException.class).isThrownBy(() -> this.template.execute(this::failingAttempt));
		assertThat(this.attempts).hasSize(3);
	}

	@Test
	void executeShouldNeverSleepUntilTheDeadline() {
		long start = System.nanoTime();
		try (RequestScope scope = this.scopes.openRequest("GET /", Duration.ofMillis(300), null, null)) {
			assertThatExceptionOfType(DeadlineExceededException.class)
				.isThrownBy(() -> this.template.execute(this::failingAttempt));
		}
		long failedAfter = System.nanoTime() - start;
		assertThat(this.attempts).hasSize(2);
		assertThat(this.attempts.get(1) - this.attempts.get(0)).isGreaterThanOrEqualTo(ms(200));
		assertThat(failedAfter).isLessThan(ms(300));
	}

	@Test
	void executeWhenCancelledShouldStartNoFurtherAttempt() {
		try (RequestScope scope = this.scopes.openRequest("GET /", Duration.ofSeconds(5), null, null)) {
			assertThatExceptionOfType(TaskCancelledException.class).isThrownBy(() -> this.template.execute(() -> {
				this.attempts.add(System.nanoTime());
				scope.getToken().cancel(CancellationReason.MANUAL);
				throw new IllegalStateException("down");
			}))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(CancellationReason.MANUAL))
				.satisfies((ex) -> assertThat(ex.getSuppressed()).hasSize(1));
		}
		assertThat(this.attempts).hasSize(1);
	}

	@Test
	void executeWhenCancelledDuringTheBackOffShouldStartNoFurtherAttempt() {
		try (RequestScope scope = this.scopes.openRequest("GET /", Duration.ofSeconds(5), null, null)) {
			Thread canceller = new Thread(() -> {
				sleep(100);
				scope.getToken().cancel(CancellationReason.MANUAL);
			});
			canceller.start();
			assertThatExceptionOfType(TaskCancelledException.class)
				.isThrownBy(() -> this.template.execute(this::failingAttempt));
		}
		assertThat(this.attempts).hasSize(1);
	}

	@Test
	void attemptTimeoutShouldBoundEachAttemptWithinTheDeadline() throws RetryException {
		this.template.setAttemptTimeout(Duration.ofSeconds(1));
		List<Long> remaining = new CopyOnWriteArrayList<>();
		try (RequestScope scope = this.scopes.openRequest("GET /", Duration.ofSeconds(5), null, null)) {
			this.template.execute(() -> {
				remaining.add(currentToken().remainingNanos());
				assertThat(currentToken().getParent()).isSameAs(scope.getToken());
				return "done";
			});
			assertThat(currentToken()).isSameAs(scope.getToken());
		}
		try (RequestScope scope = this.scopes.openRequest("GET /", Duration.ofMillis(500), null, null)) {
			this.template.execute(() -> remaining.add(currentToken().remainingNanos()));
		}
		assertThat(remaining.get(0)).isBetween(ms(900), ms(1000));
		assertThat(remaining.get(1)).isLessThanOrEqualTo(ms(500));
	}

	@Test
	void userListenerShouldBeKeptAlongsideTheCancellationCheck() {
		AtomicInteger retries = new AtomicInteger();
		this.template.setRetryListener(new RetryListener() {

			@Override
			public void beforeRetry(RetryPolicy retryPolicy, Retryable<?> retryable, RetryState retryState) {
				retries.incrementAndGet();
			}

		});
		this.template.setRetryPolicy(RetryPolicy.builder().maxRetries(1).delay(Duration.ofMillis(10)).build());
		assertThatExceptionOfType(RetryException.class).isThrownBy(() -> this.template.execute(this::failingAttempt));
		assertThat(retries).hasValue(1);
		assertThat(this.template.getRetryPolicy()).isInstanceOf(DeadlineRetryPolicy.class);
	}

	private String failingAttempt() {
		this.attempts.add(System.nanoTime());
		throw new IllegalStateException("down");
	}

	private static CancellationToken currentToken() {
		return Objects.requireNonNull(TaskContext.currentToken());
	}

	private static long ms(long millis) {
		return TimeUnit.MILLISECONDS.toNanos(millis);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
