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

package io.structured.concurrency.context;

import java.util.Collections;
import java.util.Map;

import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * A Micrometer context-propagation {@link ThreadLocalAccessor} that carries the whole
 * SLF4J {@link MDC} map, every key at once, rather than a fixed list of keys.
 *
 * <p>
 * A task therefore logs with exactly the MDC of the thread that submitted it: keys the
 * submitter had are set, and keys the submitter did not have are absent for the time of
 * the task, even if earlier code left them on the worker. Afterwards the worker gets back
 * exactly the map it had before, including keys that were hidden during the task.
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>{@link #getValue()} runs on the capturing thread and returns an immutable copy of
 * its MDC. It never returns {@code null}: an empty MDC is captured as an empty map, so
 * that a task submitted from a thread without MDC runs without MDC too, whatever the
 * snapshot factory does with missing values.</li>
 * <li>{@link #setValue(Map)} runs on the worker before the task and replaces the worker's
 * whole MDC with the captured map; {@link #setValue()} clears it.</li>
 * <li>{@link #restore(Map)} runs on the worker after the task and replaces the MDC with
 * the map the worker had before; {@link #restore()} clears it.</li>
 * </ul>
 * All of them act on the calling thread only. MDC values written by the task itself are
 * dropped when the worker's map is restored.
 *
 * @since 0.1.0
 */
public final class MdcThreadLocalAccessor implements ThreadLocalAccessor<Map<String, String>> {

	/**
	 * The key under which the MDC map is captured.
	 */
	public static final String KEY = "io.structured.concurrency.mdc";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public Map<String, String> getValue() {
		Map<String, String> map = MDC.getCopyOfContextMap();
		return (map != null) ? Collections.unmodifiableMap(map) : Collections.emptyMap();
	}

	@Override
	public void setValue(Map<String, String> value) {
		replace(value);
	}

	@Override
	public void setValue() {
		MDC.clear();
	}

	@Override
	public void restore(Map<String, String> previousValue) {
		replace(previousValue);
	}

	@Override
	public void restore() {
		MDC.clear();
	}

	private static void replace(Map<String, String> map) {
		if (map.isEmpty()) {
			MDC.clear();
		}
		else {
			MDC.setContextMap(map);
		}
	}

}
