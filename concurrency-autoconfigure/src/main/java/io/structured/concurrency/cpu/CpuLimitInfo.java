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
 * Read-only view of the CPU limit the process runs under, as reported by the
 * {@code tasks} endpoint and the {@code concurrency.cpu.*} gauges. Values are read on
 * every call, so an implementation that follows a changing quota is reported live.
 *
 * @since 0.1.0
 */
public interface CpuLimitInfo {

	/**
	 * Source reported when the limit comes from {@link Runtime#availableProcessors()}.
	 */
	String JVM_SOURCE = "JVM";

	/**
	 * Return the CPU limit, unrounded.
	 * @return the limit, such as {@code 1.5}
	 */
	double getLimit();

	/**
	 * Return where the limit comes from.
	 * @return {@code CGROUP_V1}, {@code CGROUP_V2}, {@code PROPERTY} or {@code JVM}
	 */
	String getSource();

	/**
	 * Return the processor count the JVM reports.
	 * @return the value of {@link Runtime#availableProcessors()}, or the value injected
	 * in its place
	 */
	int getAvailableProcessors();

	/**
	 * Return a view that takes the limit from {@link Runtime#availableProcessors()}, for
	 * use when no detector is present.
	 * @return a view with source {@code JVM}
	 */
	static CpuLimitInfo jvm() {
		return JvmCpuLimitInfo.INSTANCE;
	}

}
