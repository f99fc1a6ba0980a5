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
 * Strategy that reads the CPU limit of the running process.
 *
 * @since 0.1.0
 * @see CgroupCpuLimitDetector
 */
public interface CpuLimitDetector {

	/**
	 * Read the current CPU limit. Called once at startup and then on every refresh, from
	 * one thread at a time.
	 * @return the limit; its source is {@link CpuLimit.Source#JVM} where the platform has
	 * no cgroups at all
	 * @throws CpuLimitUnavailableException if cgroup files exist but cannot be read or
	 * parsed
	 */
	CpuLimit detect();

	/**
	 * Return the number of processors that the JVM reports.
	 * @return the JVM's processor count
	 */
	default int availableProcessors() {
		return Runtime.getRuntime().availableProcessors();
	}

}
