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

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads whole numbers from query parameters strictly: ASCII decimal digits only, so that
 * {@code 0x10}, {@code 1e3}, {@code +5}, digits of other scripts and a repeated parameter
 * (which arrives joined with a comma) are refused rather than read in some other way.
 */
public final class WholeNumber {

	// longest value shown back to the caller
	private static final int MAX_SHOWN = 32;

	private WholeNumber() {
	}

	/**
	 * Read a whole number from a query parameter.
	 * @param name how the message names the value, such as {@code 'limit'}
	 * @param value the value as sent
	 * @param min the smallest value accepted
	 * @param max the largest value accepted
	 * @return the number
	 * @throws ResponseStatusException with status 400, naming the value, if it is not a
	 * decimal whole number from {@code min} to {@code max}
	 */
	public static long parse(String name, String value, long min, long max) {
		boolean digits = !value.isEmpty() && value.length() <= 18
				&& value.chars().allMatch((c) -> c >= '0' && c <= '9');
		long number = digits ? Long.parseLong(value) : -1;
		if (!digits || number < min || number > max) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					name + " must be a whole number from " + min + " to " + max + ", was '" + shown(value) + "'");
		}
		return number;
	}

	private static String shown(String value) {
		return (value.length() <= MAX_SHOWN) ? value : value.substring(0, MAX_SHOWN) + "...";
	}

}
