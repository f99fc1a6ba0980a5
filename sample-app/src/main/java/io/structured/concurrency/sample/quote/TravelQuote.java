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
import java.util.List;

import io.structured.concurrency.sample.supplier.SupplierQuote;

/**
 * A travel quote: the offers of every supplier and their total.
 *
 * @param city the city
 * @param total the sum of the offers' prices
 * @param currency the currency of the prices
 * @param elapsedMillis time taken to collect the offers
 * @param quotes the offers, one per supplier
 */
public record TravelQuote(String city, BigDecimal total, String currency, long elapsedMillis,
		List<SupplierQuote> quotes) {

}
