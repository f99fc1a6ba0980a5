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

import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Checks and normalises city names taken from query parameters.
 */
public final class City {

	private static final Pattern NAME = Pattern.compile("[\\p{L}][\\p{L} .'-]{0,63}");

	private City() {
	}

	/**
	 * Return the city name with each word capitalised, after checking it.
	 * @param city the name as sent
	 * @return the display name
	 * @throws ResponseStatusException with status 400 if the name is not a plausible city
	 * name
	 */
	public static String displayName(String city) {
		String trimmed = city.strip();
		if (!NAME.matcher(trimmed).matches()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"'city' must be 1 to 64 letters, spaces, dots, dashes or apostrophes, starting with a letter");
		}
		StringBuilder name = new StringBuilder(trimmed.length());
		boolean wordStart = true;
		for (int i = 0; i < trimmed.length(); i += Character.charCount(trimmed.codePointAt(i))) {
			int codePoint = trimmed.codePointAt(i);
			name.appendCodePoint(wordStart ? Character.toTitleCase(codePoint) : Character.toLowerCase(codePoint));
			wordStart = !Character.isLetter(codePoint);
		}
		return name.toString();
	}

}
