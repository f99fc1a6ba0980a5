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
 * The number of CPUs the process may use, where that number comes from, and what the JVM
 * reports.
 *
 * @param limit the limit in CPUs, unrounded; may be fractional (1.5 for a quota of 150000
 * per 100000 microseconds) and is always greater than zero
 * @param source where the limit comes from
 * @param availableProcessors what {@link Runtime#availableProcessors()} reported when the
 * limit was read
 * @since 0.1.0
 */
public record CpuLimit(double limit, Source source, int availableProcessors) {

	/**
	 * Create a new instance.
	 * @param limit the limit in CPUs, greater than zero
	 * @param source where the limit comes from
	 * @param availableProcessors what the JVM reports, at least 1
	 */
	public CpuLimit {
		if (!(limit > 0) || Double.isInfinite(limit)) {
			throw new IllegalArgumentException("'limit' must be a finite number greater than 0, not " + limit);
		}
		if (availableProcessors < 1) {
			throw new IllegalArgumentException("'availableProcessors' must be at least 1");
		}
	}

	/**
	 * Return the limit as a whole number of threads.
	 * @param rounding how to round a fractional limit
	 * @return the rounded limit, never less than 1
	 */
	public int rounded(CpuRounding rounding) {
		return rounding.round(this.limit);
	}

	/**
	 * Where a CPU limit comes from.
	 */
	public enum Source {

		/**
		 * The CFS quota and cpuset of a cgroup v1 hierarchy.
		 */
		CGROUP_V1,

		/**
		 * The {@code cpu.max} and cpuset files of the cgroup v2 hierarchy.
		 */
		CGROUP_V2,

		/**
		 * The {@code concurrency.cpu.limit} property.
		 */
		PROPERTY,

		/**
		 * {@link Runtime#availableProcessors()}, used where no cgroup limit could be
		 * read.
		 */
		JVM

	}

}
