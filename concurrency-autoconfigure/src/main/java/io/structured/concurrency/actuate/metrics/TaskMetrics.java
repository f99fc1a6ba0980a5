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
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.TaskListener;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskOutcome;
import io.structured.concurrency.core.TaskRegistry;

/**
 * {@link MeterBinder} for the tasks of a {@link TaskRegistry}:
 * <ul>
 * <li>{@code concurrency.tasks.active}: gauge of live nodes (requests, scopes and tasks),
 * tracked or not;</li>
 * <li>{@code concurrency.tasks.leaked}: gauge of leaked tasks still running;</li>
 * <li>{@code concurrency.tasks.completed}: counter of tasks that ended, tag
 * {@code outcome} ({@code SUCCESS}, {@code FAILURE}, {@code CANCELLED},
 * {@code REJECTED});</li>
 * <li>{@code concurrency.cancellations}: counter of cancelled nodes, one per request,
 * scope or task whose token was cancelled, tag {@code reason}.</li>
 * </ul>
 * Binding to the same registry twice registers nothing new. Closing the binder stops
 * counting and removes its meters.
 *
 * @since 0.1.0
 */
public class TaskMetrics implements MeterBinder, TaskListener, AutoCloseable {

	private final TaskRegistry registry;

	private final MeterRemover meters = new MeterRemover();

	private final List<Counters> counters = new CopyOnWriteArrayList<>();

	private boolean listening;

	/**
	 * Create a new binder.
	 * @param registry the registry of tasks to measure
	 */
	public TaskMetrics(TaskRegistry registry) {
		this.registry = registry;
	}

	@Override
	public synchronized void bindTo(MeterRegistry meterRegistry) {
		if (this.meters.isBound(meterRegistry)) {
			return;
		}
		Set<Meter.Id> ids = new LinkedHashSet<>();
		ids.add(Gauge.builder("concurrency.tasks.active", this.registry, TaskRegistry::getActiveCount)
			.description("Live requests, scopes and tasks, tracked or not")
			.register(meterRegistry)
			.getId());
		ids.add(Gauge.builder("concurrency.tasks.leaked", this.registry, TaskRegistry::getLeakedCount)
			.description("Leaked tasks that are still running")
			.register(meterRegistry)
			.getId());
		Counters counters = new Counters(meterRegistry);
		counters.ids(ids);
		this.meters.add(meterRegistry, ids);
		this.counters.add(counters);
		if (!this.listening) {
			this.registry.addListener(this);
			this.listening = true;
		}
	}

	@Override
	public void taskCompleted(TaskNode node, TaskOutcome outcome) {
		for (Counters counters : this.counters) {
			counters.completed[outcome.ordinal()].increment();
		}
	}

	@Override
	public void nodeCancelled(TaskNode node, CancellationReason reason) {
		for (Counters counters : this.counters) {
			counters.cancellations[reason.ordinal()].increment();
		}
	}

	/**
	 * Stop counting and remove the meters from every registry they were bound to.
	 */
	@Override
	public synchronized void close() {
		this.registry.removeListener(this);
		this.listening = false;
		this.counters.clear();
		this.meters.removeAll();
	}

	/**
	 * The counters registered with one registry.
	 */
	private static final class Counters {

		// indexed by ordinal
		private final Counter[] completed = new Counter[TaskOutcome.values().length];

		// indexed by ordinal
		private final Counter[] cancellations = new Counter[CancellationReason.values().length];

		Counters(MeterRegistry meterRegistry) {
			for (TaskOutcome outcome : TaskOutcome.values()) {
				this.completed[outcome.ordinal()] = Counter.builder("concurrency.tasks.completed")
					.description("Tasks that ended, by outcome")
					.tag("outcome", outcome.name())
					.register(meterRegistry);
			}
			for (CancellationReason reason : CancellationReason.values()) {
				this.cancellations[reason.ordinal()] = Counter.builder("concurrency.cancellations")
					.description("Requests, scopes and tasks cancelled, by reason")
					.tag("reason", reason.name())
					.register(meterRegistry);
			}
		}

		void ids(Set<Meter.Id> ids) {
			for (Counter counter : this.completed) {
				ids.add(counter.getId());
			}
			for (Counter counter : this.cancellations) {
				ids.add(counter.getId());
			}
		}

	}

}
