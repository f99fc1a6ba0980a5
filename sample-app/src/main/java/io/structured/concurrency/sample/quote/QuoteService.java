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

package io.structured.concurrency.sample.quote;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClientResponseException;

import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.DeadlineExceededException;
import io.structured.concurrency.core.ScopeFailedException;
import io.structured.concurrency.core.TaskCancelledException;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.sample.SampleProperties;
import io.structured.concurrency.sample.supplier.SupplierQuote;

/**
 * Builds travel quotes by asking every supplier at once, in a {@link TaskScope}: the
 * quote takes as long as the slowest supplier, the first failure cancels the others, and
 * the request's deadline cancels them all.
 */
@Service
public class QuoteService {

	private static final String CURRENCY = "EUR";

	private final TaskScopes scopes;

	private final SupplierClient suppliers;

	private final SearchAnalytics analytics;

	private final AuditLog auditLog;

	QuoteService(TaskScopes scopes, SupplierClient suppliers, SearchAnalytics analytics, AuditLog auditLog) {
		this.scopes = scopes;
		this.suppliers = suppliers;
		this.analytics = analytics;
		this.auditLog = auditLog;
	}

	/**
	 * Collect the offers of every supplier for a city. Every search is audited, whatever
	 * its outcome.
	 * @param request the request
	 * @return the quote
	 * @throws InterruptedException if the request thread is interrupted
	 * @throws ScopeFailedException if a supplier failed
	 * @throws BulkheadFullException if a supplier's bulkhead had no permit left
	 * @throws RejectedExecutionException if the executor refused a supplier call
	 * @throws DeadlineExceededException if the request's deadline passed first
	 */
	public TravelQuote quote(QuoteRequest request) throws InterruptedException {
		long start = System.nanoTime();
		TravelQuote quote;
		try {
			quote = collect(request, start);
		}
		catch (InterruptedException | RuntimeException ex) {
			this.auditLog.write(request.city(), outcomeOf(ex), elapsedMillis(start));
			throw ex;
		}
		this.auditLog.write(request.city(), "OK", quote.elapsedMillis());
		this.analytics.searched(quote);
		return quote;
	}

	private TravelQuote collect(QuoteRequest request, long start) throws InterruptedException {
		try (TaskScope scope = this.scopes.open("quotes")) {
			List<TaskFuture<SupplierQuote>> forks = new ArrayList<>();
			for (String supplier : SampleProperties.SUPPLIERS) {
				forks.add(scope.fork(supplier, () -> this.suppliers.quote(supplier, request.city(),
						request.delayOf(supplier), request.fails(supplier))));
			}
			scope.join();
			List<SupplierQuote> quotes = forks.stream().map(TaskFuture::join).toList();
			BigDecimal total = quotes.stream().map(SupplierQuote::price).reduce(BigDecimal.ZERO, BigDecimal::add);
			return new TravelQuote(request.city(), total, CURRENCY, elapsedMillis(start), quotes);
		}
		catch (ScopeFailedException ex) {
			throwIfDeadlinePassed(ex.getCause());
			throwIfRefused(ex.getCause());
			throw ex;
		}
	}

	/**
	 * A supplier call that failed at about the time the request's deadline passed, for
	 * example by a read timeout capped at the time left, failed because of the deadline:
	 * report the deadline rather than a failed supplier. So did a supplier that answered
	 * 504: it was given the time this request had left, and it can run out of it a moment
	 * before this request does.
	 * @param cause why the supplier call failed
	 */
	private static void throwIfDeadlinePassed(Throwable cause) {
		CancellationToken token = TaskContext.currentToken();
		if ((token != null && token.hasDeadline() && token.remainingNanos() == 0)
				|| (cause instanceof RestClientResponseException response && response.getStatusCode().value() == 504)) {
			throw new DeadlineExceededException();
		}
	}

	/**
	 * A supplier call refused by a limit of this service, a full bulkhead or a saturated
	 * executor, means this service is overloaded, not that the supplier failed: let the
	 * refusal through, to be answered with 503.
	 * @param cause why the supplier call failed
	 */
	private static void throwIfRefused(Throwable cause) {
		if (cause instanceof BulkheadFullException || cause instanceof RejectedExecutionException) {
			throw (RuntimeException) cause;
		}
	}

	private static String outcomeOf(Exception ex) {
		if (ex instanceof DeadlineExceededException) {
			return "DEADLINE_EXCEEDED";
		}
		if (ex instanceof TaskCancelledException cancelled) {
			return "CANCELLED_" + cancelled.getReason();
		}
		if (ex instanceof ScopeFailedException failed) {
			return "SUPPLIER_FAILED(" + failed.getTaskName() + ")";
		}
		if (ex instanceof RejectedExecutionException || ex instanceof BulkheadFullException) {
			return "REJECTED";
		}
		return ex.getClass().getSimpleName();
	}

	private static long elapsedMillis(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

}
