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

package io.structured.concurrency.actuate.metrics;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.structured.concurrency.cpu.CpuLimit;

/**
 * {@link MeterBinder} for the CPU limit: {@code concurrency.cpu.limit}, the unrounded
 * limit, and {@code concurrency.cpu.available-processors}, the processor count the JVM
 * reports. Both are read on every scrape.
 *
 * <p>
 * Binding to the same registry twice registers nothing new. Closing the binder removes
 * its gauges.
 *
 * @since 0.1.0
 */
public class CpuLimitMetrics implements MeterBinder, AutoCloseable {

	private final Supplier<CpuLimit> cpuLimit;

	private final MeterRemover meters = new MeterRemover();

	/**
	 * Create a new binder.
	 * @param cpuLimit supplies the CPU limit to report
	 */
	public CpuLimitMetrics(Supplier<CpuLimit> cpuLimit) {
		this.cpuLimit = cpuLimit;
	}

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		if (this.meters.isBound(registry)) {
			return;
		}
		Set<Meter.Id> ids = new LinkedHashSet<>();
		ids.add(Gauge.builder("concurrency.cpu.limit", this.cpuLimit, (supplier) -> supplier.get().limit())
			.description("CPU limit the process runs under, unrounded")
			.strongReference(true)
			.register(registry)
			.getId());
		ids.add(Gauge
			.builder("concurrency.cpu.available-processors", this.cpuLimit,
					(supplier) -> supplier.get().availableProcessors())
			.description("Processor count the JVM reports")
			.strongReference(true)
			.register(registry)
			.getId());
		this.meters.add(registry, ids);
	}

	/**
	 * Remove the gauges from every registry they were bound to.
	 */
	@Override
	public synchronized void close() {
		this.meters.removeAll();
	}

}
