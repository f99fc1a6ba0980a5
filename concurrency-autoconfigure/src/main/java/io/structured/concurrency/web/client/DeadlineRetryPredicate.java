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

import java.lang.reflect.Method;

import org.springframework.resilience.retry.MethodRetryPredicate;

import io.structured.concurrency.core.TaskContext;

/**
 * A predicate for Spring's {@code @Retryable} that stops retrying once the current
 * request or task is cancelled, for example because its deadline passed: instead of
 * another attempt, the method throws a
 * {@link io.structured.concurrency.core.TaskCancelledException} (a
 * {@link io.structured.concurrency.core.DeadlineExceededException} for the deadline).
 * Every other failure is retried, as without a predicate.
 *
 * <pre class="code">
 * &#64;Retryable(predicate = DeadlineRetryPredicate.class, maxRetries = 2, delay = 200)
 * Quote quote(String city) { ... }
 * </pre>
 *
 * <p>
 * {@code @Retryable} offers no hook into its back-off, so a back-off is not shortened to
 * the deadline; a request thread, and a task of this library, is interrupted when its
 * token is cancelled, which ends the back-off at the deadline. For full control, use a
 * {@link DeadlineRetryTemplate}.
 *
 * @since 0.1.0
 */
public class DeadlineRetryPredicate implements MethodRetryPredicate {

	@Override
	public boolean shouldRetry(Method method, Throwable throwable) {
		TaskContext.throwIfCancelled();
		return true;
	}

}
