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

package io.structured.concurrency.autoconfigure;

/**
 * Thrown at startup when a {@code concurrency.*} property has a value that cannot work.
 * Its message names the property and the value; {@link #getAction()} says what would be
 * valid.
 *
 * @since 0.1.0
 */
public class InvalidConcurrencyPropertyException extends RuntimeException {

	private final String property;

	private final String value;

	private final String action;

	InvalidConcurrencyPropertyException(String property, String value, String description, String action) {
		super(description);
		this.property = property;
		this.value = value;
		this.action = action;
	}

	/**
	 * Create an exception for a single property with a value outside its range.
	 * @param property the name of the property
	 * @param value the value
	 * @param requirement what a valid value is, completing "the value must ..." (for
	 * example "be 1 or more")
	 * @param action what to do, as an imperative sentence
	 * @return the exception
	 */
	public static InvalidConcurrencyPropertyException invalidValue(String property, Object value, String requirement,
			String action) {
		String shown = String.valueOf(value);
		return new InvalidConcurrencyPropertyException(property, shown,
				"Invalid value '" + shown + "' for property '" + property + "': the value must " + requirement + ".",
				action);
	}

	/**
	 * Create an exception for an executor with an unbounded queue whose maximum pool size
	 * is above its core size, so that the threads above the core size never start.
	 * @param executor the name of the executor
	 * @param prefix the prefix of the executor's properties, such as
	 * {@code concurrency.executors.cpu}
	 * @param coreThreads the number of core threads
	 * @param maxThreads the maximum number of threads
	 * @return the exception
	 */
	public static InvalidConcurrencyPropertyException unboundedQueueWithLargerMax(String executor, String prefix,
			int coreThreads, int maxThreads) {
		String description = "The '" + executor + "' executor has " + coreThreads + " core threads, a maximum of "
				+ maxThreads + " threads and an unbounded queue ('" + prefix + ".queue-capacity' is -1). "
				+ "A pool with an unbounded queue never starts more than its core threads, so "
				+ (maxThreads - coreThreads) + " of its " + maxThreads + " threads would never run.";
		String action = "Bound the queue, or give the pool as many core threads as threads:\n" + "\t- set '" + prefix
				+ ".queue-capacity' to 0 or a positive capacity\n" + "\t- set '" + prefix + ".core-threads' to "
				+ maxThreads + ", or remove it";
		return new InvalidConcurrencyPropertyException(prefix + ".core-threads", String.valueOf(coreThreads),
				description, action);
	}

	/**
	 * Return the name of the property at fault.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return the value at fault, as text.
	 * @return the value
	 */
	public String getValue() {
		return this.value;
	}

	/**
	 * Return what would make the configuration valid.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
