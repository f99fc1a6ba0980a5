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
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskCancelledException;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link DeadlineRetryPredicate} on Spring's {@code @Retryable}.
 */
class DeadlineRetryPredicateTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(RetryConfiguration.class);

	private final TaskScopes scopes = new TaskScopes(new TaskRegistry(), Runnable::run,
			RequestScope.OutlivedTasks.REPORT);

	@Test
	void retryableOutsideAnyRequestShouldRetry() {
		this.contextRunner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			assertThatIllegalStateException().isThrownBy(() -> downstream.call(null));
			assertThat(downstream.getCalls()).isEqualTo(4);
		});
	}

	@Test
	void retryableWhenRequestIsCancelledShouldStopRetrying() {
		this.contextRunner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			try (RequestScope scope = this.scopes.openRequest("GET /", Duration.ofSeconds(5), null, null)) {
				assertThatExceptionOfType(TaskCancelledException.class).isThrownBy(() -> downstream.call(scope))
					.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(CancellationReason.DEADLINE));
			}
			assertThat(downstream.getCalls()).isEqualTo(1);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableResilientMethods
	static class RetryConfiguration {

		@Bean
		Downstream downstream() {
			return new Downstream();
		}

	}

	static class Downstream {

		private final AtomicInteger calls = new AtomicInteger();

		int getCalls() {
			return this.calls.get();
		}

		@Retryable(predicate = DeadlineRetryPredicate.class, maxRetries = 3, delay = 10)
		void call(@Nullable RequestScope scope) {
			this.calls.incrementAndGet();
			if (scope != null) {
				scope.getToken().cancel(CancellationReason.DEADLINE);
			}
			throw new IllegalStateException("down");
		}

	}

}
