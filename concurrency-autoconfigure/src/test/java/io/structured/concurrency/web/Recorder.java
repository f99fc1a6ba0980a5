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

package io.structured.concurrency.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * What the handlers of the test application saw, by name, for the tests to check.
 */
public class Recorder {

	private static final Object NULL = new Object();

	private final Map<String, Object> values = new ConcurrentHashMap<>();

	public void clear() {
		this.values.clear();
	}

	public void put(String key, @Nullable Object value) {
		this.values.put(key, (value != null) ? value : NULL);
	}

	public void now(String key) {
		put(key, System.nanoTime());
	}

	public boolean has(String key) {
		return this.values.containsKey(key);
	}

	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(String key) {
		Object value = this.values.get(key);
		return (value != NULL) ? (T) value : null;
	}

	public <T> @Nullable T awaitValue(String key) {
		await().atMost(Duration.ofSeconds(10)).until(() -> has(key));
		return get(key);
	}

	public long nanos(String key) {
		Long nanos = awaitValue(key);
		if (nanos == null) {
			throw new IllegalStateException("No time recorded for '" + key + "'");
		}
		return nanos;
	}

}
