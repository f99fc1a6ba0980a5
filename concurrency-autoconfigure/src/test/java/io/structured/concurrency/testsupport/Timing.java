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

package io.structured.concurrency.testsupport;

import java.time.Duration;

/**
 * The one factor by which these tests scale the timing tolerances of the acceptance
 * cases, for a loaded two-core build machine. Ordering checks are never scaled.
 */
public final class Timing {

	/**
	 * The factor applied to every tolerance.
	 */
	public static final int SCALE = 10;

	private Timing() {
	}

	/**
	 * Scale a tolerance given in milliseconds.
	 * @param millis the tolerance of the case
	 * @return the scaled tolerance
	 */
	public static Duration tolerance(long millis) {
		return Duration.ofMillis(millis * SCALE);
	}

	/**
	 * Return the milliseconds from the given start to now.
	 * @param startNanos the start, from {@link System#nanoTime()}
	 * @return the elapsed milliseconds
	 */
	public static long millisSince(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
	}

}
