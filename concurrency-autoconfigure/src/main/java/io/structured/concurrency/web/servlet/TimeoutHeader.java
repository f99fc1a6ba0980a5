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

import java.time.Duration;
import java.util.Enumeration;

import org.jspecify.annotations.Nullable;

/**
 * The timeout a caller sends in a request header: a non-negative integer number of
 * milliseconds written in ASCII digits only, on a single header line.
 */
final class TimeoutHeader {

	private static final TimeoutHeader ABSENT = new TimeoutHeader(State.ABSENT, 0, null);

	// more digits than this may not fit in a long; such values saturate
	private static final int MAX_EXACT_DIGITS = 18;

	private final State state;

	private final long millis;

	private final @Nullable String problem;

	private TimeoutHeader(State state, long millis, @Nullable String problem) {
		this.state = state;
		this.millis = millis;
		this.problem = problem;
	}

	/**
	 * Parse the lines of the header as the container gives them.
	 * @param lines the values of the header, one per header line, or {@code null}
	 * @return the parsed header
	 */
	static TimeoutHeader parse(@Nullable Enumeration<String> lines) {
		if (lines == null || !lines.hasMoreElements()) {
			return ABSENT;
		}
		String value = lines.nextElement();
		if (lines.hasMoreElements()) {
			return malformed("repeated header lines");
		}
		return parse(value);
	}

	/**
	 * Parse one header value.
	 * @param value the value
	 * @return the parsed header
	 */
	static TimeoutHeader parse(@Nullable String value) {
		if (value == null) {
			return ABSENT;
		}
		if (value.isEmpty()) {
			return malformed("empty value");
		}
		for (int i = 0; i < value.length(); i++) {
			char ch = value.charAt(i);
			if (ch < '0' || ch > '9') {
				return malformed("not a non-negative integer in ASCII digits");
			}
		}
		int start = 0;
		while (start < value.length() - 1 && value.charAt(start) == '0') {
			start++;
		}
		if (value.length() - start > MAX_EXACT_DIGITS) {
			return new TimeoutHeader(State.VALID, Long.MAX_VALUE, null);
		}
		return new TimeoutHeader(State.VALID, Long.parseLong(value, start, value.length(), 10), null);
	}

	private static TimeoutHeader malformed(String problem) {
		return new TimeoutHeader(State.MALFORMED, 0, problem);
	}

	boolean isAbsent() {
		return this.state == State.ABSENT;
	}

	boolean isMalformed() {
		return this.state == State.MALFORMED;
	}

	boolean isValid() {
		return this.state == State.VALID;
	}

	/**
	 * Return the timeout in milliseconds, {@link Long#MAX_VALUE} for values too large for
	 * a long.
	 * @return the milliseconds of a valid header
	 */
	long getMillis() {
		return this.millis;
	}

	/**
	 * Return the timeout clamped to the given maximum.
	 * @param max the largest timeout a caller may ask for
	 * @return the timeout of a valid header
	 */
	Duration clampTo(Duration max) {
		long maxMillis = max.toMillis();
		return Duration.ofMillis(Math.min(this.millis, maxMillis));
	}

	/**
	 * Return why a malformed header was refused.
	 * @return the reason, or {@code null} unless malformed
	 */
	@Nullable String getProblem() {
		return this.problem;
	}

	private enum State {

		ABSENT, VALID, MALFORMED

	}

}
