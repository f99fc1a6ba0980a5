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

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.core.task.TaskDecorator;

import io.structured.concurrency.executor.BoundedExecutor;

/**
 * Times the tasks of {@link BoundedExecutor bounded executors} with the timers that
 * Micrometer's own executor instrumentation records: {@code executor} (how long each task
 * ran) and {@code executor.idle} (how long it waited in the queue), tag {@code name} set
 * to the executor's name.
 *
 * <p>
 * The executors keep their own queue, so tasks cannot go through Micrometer's wrapper;
 * instead each executor applies the {@link #createDecorator(String) decorator} made for
 * it to every task it accepts (see {@code ExecutorTaskDecoratorProvider}). Until the
 * binder is bound to a registry, the decorators leave tasks as they are.
 *
 * <p>
 * Binding to the same registry twice registers nothing new. Closing the binder stops
 * timing and removes its timers.
 *
 * @since 0.1.0
 */
public class ExecutorTimers implements MeterBinder, AutoCloseable {

	private final Map<String, TimingDecorator> decorators = new ConcurrentHashMap<>();

	private final MeterRemover meters = new MeterRemover();

	private final List<MeterRegistry> registries = new ArrayList<>();

	/**
	 * Return the decorator that times the tasks of the given executor.
	 * @param executorName the executor's name
	 * @return the decorator
	 */
	public synchronized TaskDecorator createDecorator(String executorName) {
		return this.decorators.computeIfAbsent(executorName, (name) -> {
			TimingDecorator decorator = new TimingDecorator(name);
			for (MeterRegistry registry : this.registries) {
				this.meters.add(registry, decorator.bindTo(registry));
			}
			return decorator;
		});
	}

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		if (this.meters.isBound(registry)) {
			return;
		}
		Set<Meter.Id> ids = new LinkedHashSet<>();
		for (TimingDecorator decorator : this.decorators.values()) {
			ids.addAll(decorator.bindTo(registry));
		}
		this.registries.add(registry);
		this.meters.add(registry, ids);
	}

	/**
	 * Stop timing and remove the timers from every registry they were bound to.
	 */
	@Override
	public synchronized void close() {
		this.registries.clear();
		this.decorators.values().forEach(TimingDecorator::unbind);
		this.meters.removeAll();
	}

	/**
	 * The decorator of one executor.
	 */
	private static final class TimingDecorator implements TaskDecorator {

		private static final TimerPair[] NONE = {};

		private final String executorName;

		// replaced when bound or closed, read on every submission
		private volatile TimerPair[] timers = NONE;

		TimingDecorator(String executorName) {
			this.executorName = executorName;
		}

		synchronized Set<Meter.Id> bindTo(MeterRegistry registry) {
			Timer execution = Timer.builder("executor")
				.description("Time tasks of the executor took to run")
				.tag("name", this.executorName)
				.register(registry);
			Timer idle = Timer.builder("executor.idle")
				.description("Time tasks of the executor waited before they ran")
				.tag("name", this.executorName)
				.register(registry);
			TimerPair[] current = this.timers;
			TimerPair[] extended = new TimerPair[current.length + 1];
			System.arraycopy(current, 0, extended, 0, current.length);
			extended[current.length] = new TimerPair(execution, idle);
			this.timers = extended;
			return Set.of(execution.getId(), idle.getId());
		}

		synchronized void unbind() {
			this.timers = NONE;
		}

		@Override
		public Runnable decorate(Runnable runnable) {
			TimerPair[] timers = this.timers;
			if (timers.length == 0) {
				return runnable;
			}
			long submitted = System.nanoTime();
			return () -> {
				long started = System.nanoTime();
				record(timers, started - submitted, true);
				try {
					runnable.run();
				}
				finally {
					record(timers, System.nanoTime() - started, false);
				}
			};
		}

		private static void record(TimerPair[] timers, long nanos, boolean idle) {
			for (TimerPair pair : timers) {
				((idle) ? pair.idle() : pair.execution()).record(nanos, TimeUnit.NANOSECONDS);
			}
		}

		private record TimerPair(Timer execution, Timer idle) {
		}

	}

}
