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

import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

import jakarta.servlet.ServletException;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskCancelledException;

/**
 * Maps the failures that this library stands for to problem responses: a passed deadline
 * to 504, a saturated executor or bulkhead to 503 with {@code Retry-After}, a client that
 * went away to no response at all.
 */
final class Problems {

	private static final int MAX_CAUSES = 16;

	private static final @Nullable Class<?> bulkheadFullException = resolve(
			"io.github.resilience4j.bulkhead.BulkheadFullException");

	private Problems() {
	}

	private static @Nullable Class<?> resolve(String className) {
		ClassLoader classLoader = Problems.class.getClassLoader();
		return ClassUtils.isPresent(className, classLoader) ? ClassUtils.resolveClassName(className, classLoader)
				: null;
	}

	/**
	 * Return the problem for a failure of a request.
	 * @param failure what the request's handling threw
	 * @param requestToken the request's token, or {@code null} outside a request scope
	 * @param retryAfter how long a client should wait before it retries work that was
	 * refused
	 * @return the problem, or {@code null} if the failure is none of this library's
	 * concern
	 */
	static @Nullable Problem resolve(Throwable failure, @Nullable CancellationToken requestToken, Duration retryAfter) {
		CancellationReason reason = (requestToken != null) ? requestToken.getReason() : null;
		Problem problem = (reason != null) ? forReason(reason, retryAfter) : null;
		if (problem != null) {
			return problem;
		}
		Throwable candidate = failure;
		for (int i = 0; i < MAX_CAUSES && candidate != null; i++) {
			problem = forFailure(candidate, retryAfter);
			if (problem != null) {
				return problem;
			}
			candidate = unwrap(candidate);
		}
		return null;
	}

	/**
	 * Return the problem that answers a request cancelled for the given reason.
	 * @param reason why the request was cancelled
	 * @param retryAfter how long a client should wait before it retries
	 * @return the problem, or {@code null} if the reason calls for none
	 */
	static @Nullable Problem forReason(CancellationReason reason, Duration retryAfter) {
		return switch (reason) {
			case DEADLINE -> deadlineExceeded();
			case SHUTDOWN -> new Problem(503, ProblemTypes.SHUTTING_DOWN, "Shutting down",
					"The service is shutting down and stopped the request", retryAfter, false);
			case MANUAL -> new Problem(503, ProblemTypes.CANCELLED, "Request cancelled",
					"The request was cancelled before it completed", null, false);
			case CLIENT_DISCONNECTED -> Problem.nothing();
			default -> null;
		};
	}

	static Problem deadlineExceeded() {
		return new Problem(504, ProblemTypes.DEADLINE_EXCEEDED, "Deadline exceeded",
				"The request's deadline passed before it completed", null, false);
	}

	private static @Nullable Problem forFailure(Throwable failure, Duration retryAfter) {
		if (failure instanceof TaskCancelledException cancelled) {
			return forReason(cancelled.getReason(), retryAfter);
		}
		if (failure instanceof RejectedExecutionException) {
			return new Problem(503, ProblemTypes.EXECUTOR_SATURATED, "Executor saturated",
					"The service has no capacity left for this request", retryAfter, false);
		}
		if (isBulkheadFull(failure)) {
			return new Problem(503, ProblemTypes.BULKHEAD_FULL, "Bulkhead full",
					"The service has no capacity left for this request", retryAfter, false);
		}
		if (failure instanceof AsyncRequestTimeoutException) {
			return deadlineExceeded();
		}
		return null;
	}

	private static boolean isBulkheadFull(Throwable failure) {
		return bulkheadFullException != null && bulkheadFullException.isInstance(failure);
	}

	private static @Nullable Throwable unwrap(Throwable failure) {
		Throwable cause = failure.getCause();
		if (cause == failure) {
			return null;
		}
		boolean wrapper = failure instanceof CompletionException || failure instanceof ExecutionException
				|| failure instanceof UndeclaredThrowableException || failure instanceof ServletException;
		return wrapper ? cause : null;
	}

}
