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

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.log.LogMessage;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * Records every successful search off the request thread, on the {@code io} executor that
 * backs {@code @Async}, so that analytics never slow a quote down.
 */
@Service
public class SearchAnalytics {

	private static final Log logger = LogFactory.getLog(SearchAnalytics.class);

	private final DistributionSummary totals;

	SearchAnalytics(MeterRegistry registry) {
		this.totals = DistributionSummary.builder("sample.quotes.total")
			.description("Total price of the travel quotes served")
			.baseUnit("EUR")
			.register(registry);
	}

	/**
	 * Record a search that produced a quote.
	 * @param quote the quote
	 */
	@Async
	public void searched(TravelQuote quote) {
		this.totals.record(quote.total().doubleValue());
		logger.info(LogMessage.format("Quoted %s %s for '%s' in %d ms", quote.total(), quote.currency(), quote.city(),
				quote.elapsedMillis()));
	}

}
