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

package io.structured.concurrency.sample.supplier;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * The offer of one supplier.
 *
 * @param supplier the supplier's name
 * @param offer what is on offer
 * @param price the price
 * @param currency the currency of the price
 * @param receivedTimeoutMillis the request timeout the supplier received in the
 * {@code X-Request-Timeout} header, or {@code null} if it received none
 */
public record SupplierQuote(String supplier, String offer, BigDecimal price, String currency,
		@Nullable Long receivedTimeoutMillis) {

}
