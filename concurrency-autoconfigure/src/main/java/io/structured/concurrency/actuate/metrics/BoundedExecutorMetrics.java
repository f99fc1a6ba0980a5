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

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;

import io.structured.concurrency.executor.BoundedExecutor;

/**
 * {@link MeterBinder} for {@link BoundedExecutor bounded executors}: Micrometer's
 * {@link ExecutorServiceMetrics} gauges and counters ({@code executor.active},
 * {@code executor.queued}, {@code executor.pool.size}, {@code executor.pool.core},
 * {@code executor.pool.max}, {@code executor.completed} and more) on each executor's
 * pool, and {@code concurrency.executor.rejected}, all with the tag {@code name} set to
 * the executor's name. The gauges read the pool on every scrape, so they follow a resize.
 *
 * <p>
 * Binding to the same registry twice registers nothing new. Closing the binder removes
 * its meters, so that a new application context using the same registry can bind its own
 * executors.
 *
 * @since 0.1.0
 */
public class BoundedExecutorMetrics implements MeterBinder, AutoCloseable {

	private final Supplier<? extends Collection<BoundedExecutor>> executors;

	private final MeterRemover meters = new MeterRemover();

	/**
	 * Create a new binder.
	 * @param executors supplies the executors to measure when the binder is bound
	 */
	public BoundedExecutorMetrics(Supplier<? extends Collection<BoundedExecutor>> executors) {
		this.executors = executors;
	}

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		if (this.meters.isBound(registry)) {
			return;
		}
		Set<Meter.Id> ids = new LinkedHashSet<>();
		for (BoundedExecutor executor : this.executors.get()) {
			ids.addAll(bind(executor, registry));
		}
		this.meters.add(registry, ids);
	}

	private Set<Meter.Id> bind(BoundedExecutor executor, MeterRegistry registry) {
		Set<Meter.Id> before = idsOf(executor.getName(), registry);
		new ExecutorServiceMetrics(executor.getThreadPoolExecutor(), executor.getName(), Tags.empty()).bindTo(registry);
		FunctionCounter.builder("concurrency.executor.rejected", executor, BoundedExecutor::getRejectedCount)
			.description("Tasks the executor refused because it was saturated or shut down")
			.tag("name", executor.getName())
			.register(registry);
		Set<Meter.Id> added = idsOf(executor.getName(), registry);
		added.removeAll(before);
		return added;
	}

	private static Set<Meter.Id> idsOf(String executorName, MeterRegistry registry) {
		Set<Meter.Id> ids = new LinkedHashSet<>();
		for (Meter meter : registry.getMeters()) {
			if (executorName.equals(meter.getId().getTag("name"))) {
				ids.add(meter.getId());
			}
		}
		return ids;
	}

	/**
	 * Remove the meters from every registry they were bound to.
	 */
	@Override
	public synchronized void close() {
		this.meters.removeAll();
	}

}
