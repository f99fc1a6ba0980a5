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

package io.structured.concurrency.reliability;

import java.util.ArrayList;
import java.util.List;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.TaskListener;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskOutcome;

/**
 * Records what a registry reports, for the models of the model-checking tests.
 */
final class Ledger implements TaskListener {

	private final List<TaskOutcome> outcomes = new ArrayList<>();

	private final List<CancellationReason> cancellations = new ArrayList<>();

	@Override
	public synchronized void taskCompleted(TaskNode node, TaskOutcome outcome) {
		this.outcomes.add(outcome);
	}

	@Override
	public synchronized void nodeCancelled(TaskNode node, CancellationReason reason) {
		this.cancellations.add(reason);
	}

	synchronized List<TaskOutcome> outcomes() {
		return new ArrayList<>(this.outcomes);
	}

	synchronized List<CancellationReason> cancellations() {
		return new ArrayList<>(this.cancellations);
	}

}
