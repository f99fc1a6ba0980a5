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

package io.structured.concurrency.sample;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sample service: how its suppliers behave and how long an audit write
 * takes.
 */
@ConfigurationProperties("sample")
public class SampleProperties {

	/**
	 * Names of the suppliers, in the order a quote lists them.
	 */
	public static final List<String> SUPPLIERS = List.of("flights", "hotels", "cars");

	private final Suppliers suppliers = new Suppliers();

	private final Audit audit = new Audit();

	public Suppliers getSuppliers() {
		return this.suppliers;
	}

	public Audit getAudit() {
		return this.audit;
	}

	/**
	 * The three suppliers a quote is made of.
	 */
	public static class Suppliers {

		private final Supplier flights = new Supplier(Duration.ofMillis(120), new BigDecimal("189.00"),
				"Return flight to %s, economy");

		private final Supplier hotels = new Supplier(Duration.ofMillis(90), new BigDecimal("320.00"),
				"3 nights in %s, city-centre hotel");

		private final Supplier cars = new Supplier(Duration.ofMillis(60), new BigDecimal("95.00"),
				"Compact car in %s, 3 days");

		public Supplier getFlights() {
			return this.flights;
		}

		public Supplier getHotels() {
			return this.hotels;
		}

		public Supplier getCars() {
			return this.cars;
		}

		/**
		 * Return the supplier with the given name.
		 * @param name the name
		 * @return the supplier, or {@code null} if there is none of that name
		 */
		public @Nullable Supplier find(String name) {
			return switch (name) {
				case "flights" -> this.flights;
				case "hotels" -> this.hotels;
				case "cars" -> this.cars;
				default -> null;
			};
		}

	}

	/**
	 * How one supplier answers.
	 */
	public static class Supplier {

		/**
		 * Time the supplier takes to price a request.
		 */
		private Duration latency;

		/**
		 * Price of the offer before the city's factor is applied.
		 */
		private BigDecimal basePrice;

		/**
		 * Description of the offer, with '%s' standing for the city.
		 */
		private String offer;

		Supplier(Duration latency, BigDecimal basePrice, String offer) {
			this.latency = latency;
			this.basePrice = basePrice;
			this.offer = offer;
		}

		public Duration getLatency() {
			return this.latency;
		}

		public void setLatency(Duration latency) {
			this.latency = latency;
		}

		public BigDecimal getBasePrice() {
			return this.basePrice;
		}

		public void setBasePrice(BigDecimal basePrice) {
			this.basePrice = basePrice;
		}

		public String getOffer() {
			return this.offer;
		}

		public void setOffer(String offer) {
			this.offer = offer;
		}

	}

	/**
	 * The audit trail of quote searches.
	 */
	public static class Audit {

		/**
		 * Time one audit record takes to write.
		 */
		private Duration latency = Duration.ofMillis(100);

		public Duration getLatency() {
			return this.latency;
		}

		public void setLatency(Duration latency) {
			this.latency = latency;
		}

	}

}
