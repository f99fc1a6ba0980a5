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

package io.structured.concurrency.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.structured.concurrency.cpu.CgroupCpuLimitDetector;
import io.structured.concurrency.cpu.CpuLimitDetector;
import io.structured.concurrency.cpu.CpuLimitMonitor;

/**
 * Auto-configuration for the CPU limit that sizes the {@code cpu} executor, and for the
 * startup checks of the {@code concurrency.*} properties.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = ConcurrencyAutoConfiguration.class)
@EnableConfigurationProperties(ConcurrencyProperties.class)
public final class CpuLimitAutoConfiguration {

	@Bean
	static ConcurrencyPropertiesValidator concurrencyPropertiesValidator() {
		return new ConcurrencyPropertiesValidator();
	}

	@Bean
	@ConditionalOnMissingBean
	CpuLimitDetector cpuLimitDetector(ConcurrencyProperties properties) {
		return CgroupCpuLimitDetector.forRoot(properties.getCpu().getFilesystemRoot());
	}

	@Bean
	@ConditionalOnMissingBean
	CpuLimitMonitor cpuLimitMonitor(CpuLimitDetector detector, ConcurrencyProperties properties) {
		ConcurrencyProperties.Cpu cpu = properties.getCpu();
		return new CpuLimitMonitor(detector, cpu.getLimit(), cpu.getRefreshInterval());
	}

}
