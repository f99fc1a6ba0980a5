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

import java.util.concurrent.TimeUnit;

import io.structured.concurrency.testsupport.Timing;

/**
 * The timing tolerances of the acceptance cases, scaled by one fixed factor for a busy
 * build machine. Orderings are never scaled.
 */
public final class Tolerance {

	/**
	 * The factor by which every tolerance of the cases is multiplied.
	 */
	public static final int SCALE = Timing.SCALE;

	private Tolerance() {
	}

	/**
	 * Return a tolerance of the cases, scaled, in nanoseconds.
	 * @param millis the tolerance the case gives
	 * @return the scaled tolerance
	 */
	public static long millis(long millis) {
		return TimeUnit.MILLISECONDS.toNanos(millis * SCALE);
	}

	public static long toMillis(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}

}
