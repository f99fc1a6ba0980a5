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

package io.structured.concurrency.core;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.util.ClassUtils;

/**
 * Sets the MDC keys that this library owns, when SLF4J is present.
 */
final class MdcSupport {

	static final String REQUEST_ID = "requestId";

	static final String ORIGIN_REQUEST_ID = "originRequestId";

	private static final boolean present = ClassUtils.isPresent("org.slf4j.MDC", MdcSupport.class.getClassLoader());

	private MdcSupport() {
	}

	/**
	 * Replace the request id by an origin request id, for detached work.
	 * @param originRequestId the id of the request the work started from
	 * @return how to restore the previous values, or {@code null} without SLF4J
	 */
	static @Nullable Restorer detach(String originRequestId) {
		if (!present) {
			return null;
		}
		String previousRequestId = MDC.get(REQUEST_ID);
		String previousOrigin = MDC.get(ORIGIN_REQUEST_ID);
		MDC.remove(REQUEST_ID);
		MDC.put(ORIGIN_REQUEST_ID, originRequestId);
		return () -> {
			put(REQUEST_ID, previousRequestId);
			put(ORIGIN_REQUEST_ID, previousOrigin);
		};
	}

	private static void put(String key, @Nullable String value) {
		if (value != null) {
			MDC.put(key, value);
		}
		else {
			MDC.remove(key);
		}
	}

	interface Restorer {

		void restore();

	}

}
