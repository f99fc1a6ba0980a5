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

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.util.ClassUtils;

/**
 * Reads and writes MDC keys when SLF4J is present, and does nothing otherwise.
 */
final class Mdc {

	static final String REQUEST_ID = "requestId";

	static final String TRACE_ID = "traceId";

	private static final boolean present = ClassUtils.isPresent("org.slf4j.MDC", Mdc.class.getClassLoader());

	private Mdc() {
	}

	static @Nullable String get(String key) {
		return present ? MDC.get(key) : null;
	}

	/**
	 * Put a value, returning the one it replaces.
	 * @param key the key
	 * @param value the value
	 * @return the previous value, to be given to {@link #restore}
	 */
	static @Nullable String put(String key, String value) {
		if (!present) {
			return null;
		}
		String previous = MDC.get(key);
		MDC.put(key, value);
		return previous;
	}

	static void restore(String key, @Nullable String previous) {
		if (!present) {
			return;
		}
		if (previous != null) {
			MDC.put(key, previous);
		}
		else {
			MDC.remove(key);
		}
	}

}
