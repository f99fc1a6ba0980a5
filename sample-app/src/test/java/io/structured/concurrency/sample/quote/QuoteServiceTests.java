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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpServerErrorException;

import io.structured.concurrency.core.DeadlineExceededException;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.ScopeFailedException;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.sample.supplier.SupplierQuote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for how {@link QuoteService} reports a supplier that failed.
 */
class QuoteServiceTests {

	private final ExecutorService executor = Executors.newFixedThreadPool(3);

	private final TaskRegistry registry = new TaskRegistry();

	private final TaskScopes scopes = new TaskScopes(this.registry, this.executor, RequestScope.OutlivedTasks.REPORT);

	private final SupplierClient suppliers = mock(SupplierClient.class);

	private final QuoteService service = new QuoteService(this.scopes, this.suppliers, mock(SearchAnalytics.class),
			mock(AuditLog.class));

	@AfterEach
	void shutDown() {
		this.executor.shutdownNow();
	}

	@Test
	void supplierThatRanOutOfTheDeadlineItWasGivenShouldMakeTheQuoteADeadlineFailure() throws Exception {
		givenQuotesExcept("hotels", HttpStatus.GATEWAY_TIMEOUT);
		assertThatExceptionOfType(DeadlineExceededException.class).isThrownBy(this::quoteWithinRequest);
	}

	@Test
	void supplierThatFailedOtherwiseShouldFailTheQuote() throws Exception {
		givenQuotesExcept("hotels", HttpStatus.INTERNAL_SERVER_ERROR);
		assertThatExceptionOfType(ScopeFailedException.class).isThrownBy(this::quoteWithinRequest)
			.satisfies((ex) -> assertThat(ex.getTaskName()).isEqualTo("hotels"));
	}

	private void givenQuotesExcept(String failing, HttpStatus status) throws Exception {
		given(this.suppliers.quote(anyString(), anyString(), any(), anyBoolean())).willAnswer(
				(invocation) -> new SupplierQuote(invocation.getArgument(0), "offer", BigDecimal.TEN, "EUR", 1000L));
		given(this.suppliers.quote(eq(failing), anyString(), any(), anyBoolean())).willThrow(HttpServerErrorException
			.create(status, status.getReasonPhrase(), HttpHeaders.EMPTY, new byte[0], StandardCharsets.UTF_8));
	}

	private void quoteWithinRequest() throws InterruptedException {
		try (RequestScope request = this.scopes.openRequest("GET /quotes", Duration.ofSeconds(10), "req-1", null)) {
			this.service.quote(new QuoteRequest("Paris", Map.of(), null));
		}
	}

}
