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

package io.structured.concurrency.cpu;

/**
 * Rounding of a fractional CPU limit to a whole number of threads, never below one.
 *
 * @since 0.1.0
 */
public enum CpuRounding {

	/**
	 * Round up, so that a limit of 1.5 gives two threads.
	 */
	CEIL {

		@Override
		double apply(double limit) {
			return Math.ceil(limit);
		}

	},

	/**
	 * Round down, so that a limit of 1.5 gives one thread; a limit below one still gives
	 * one.
	 */
	FLOOR {

		@Override
		double apply(double limit) {
			return Math.floor(limit);
		}

	};

	/**
	 * Round a limit.
	 * @param limit the limit in CPUs
	 * @return the rounded limit, at least 1 and at most {@link Integer#MAX_VALUE}
	 */
	public int round(double limit) {
		double rounded = apply(limit);
		if (!(rounded >= 1)) {
			return 1;
		}
		return (rounded >= Integer.MAX_VALUE) ? Integer.MAX_VALUE : (int) rounded;
	}

	abstract double apply(double limit);

}
