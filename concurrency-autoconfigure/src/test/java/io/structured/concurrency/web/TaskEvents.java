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

package io.structured.concurrency.web;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.LeakRecord;
import io.structured.concurrency.core.TaskListener;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskOutcome;

/**
 * Records what the task registry reports, with the time of each report.
 */
public final class TaskEvents implements TaskListener {

	private final DoubleSupplier sampledAtLeak;

	private final List<Completed> completed = new CopyOnWriteArrayList<>();

	private final List<Cancelled> cancelled = new CopyOnWriteArrayList<>();

	private final List<Leaked> leaked = new CopyOnWriteArrayList<>();

	/**
	 * Create a recorder.
	 */
	public TaskEvents() {
		this(() -> 0);
	}

	/**
	 * Create a recorder that also samples a value, such as a metric, the moment a leak is
	 * reported.
	 * @param sampledAtLeak the value to sample
	 */
	public TaskEvents(DoubleSupplier sampledAtLeak) {
		this.sampledAtLeak = sampledAtLeak;
	}

	@Override
	public void taskCompleted(TaskNode node, TaskOutcome outcome) {
		this.completed.add(new Completed(node.getName(), outcome, System.nanoTime()));
	}

	@Override
	public void nodeCancelled(TaskNode node, CancellationReason reason) {
		this.cancelled.add(new Cancelled(node, reason, System.nanoTime()));
	}

	@Override
	public void taskLeaked(LeakRecord leak) {
		this.leaked.add(new Leaked(leak, System.nanoTime(), this.sampledAtLeak.getAsDouble()));
	}

	public List<Completed> completed() {
		return this.completed;
	}

	public List<Cancelled> cancelled() {
		return this.cancelled;
	}

	public List<Leaked> leaked() {
		return this.leaked;
	}

	public record Completed(String name, TaskOutcome outcome, long nanos) {

	}

	public record Cancelled(TaskNode node, CancellationReason reason, long nanos) {

	}

	public record Leaked(LeakRecord leak, long nanos, double sampled) {

	}

}
