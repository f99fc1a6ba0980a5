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
 * {@link CpuLimitInfo} that reports the JVM's processor count.
 */
final class JvmCpuLimitInfo implements CpuLimitInfo {

	static final JvmCpuLimitInfo INSTANCE = new JvmCpuLimitInfo();

	private JvmCpuLimitInfo() {
	}

	@Override
	public double getLimit() {
		return getAvailableProcessors();
	}

	@Override
	public String getSource() {
		return JVM_SOURCE;
	}

	@Override
	public int getAvailableProcessors() {
		return Runtime.getRuntime().availableProcessors();
	}

	@Override
	public String toString() {
		return "CpuLimitInfo[JVM]";
	}

}
