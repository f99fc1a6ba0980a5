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

package io.structured.concurrency.core;

/**
 * Callback for events of the {@link TaskRegistry}, used for metrics and logging. Methods
 * are called on the thread where the event happens and must be quick.
 *
 * @since 0.1.0
 */
public interface TaskListener {

	/**
	 * Called when a task ends or is rejected.
	 * @param node the task's node
	 * @param outcome how it ended
	 */
	default void taskCompleted(TaskNode node, TaskOutcome outcome) {
	}

	/**
	 * Called when the token of a tracked node is cancelled.
	 * @param node the node
	 * @param reason why
	 */
	default void nodeCancelled(TaskNode node, CancellationReason reason) {
	}

	/**
	 * Called once when a task is found to have leaked.
	 * @param leak the leak
	 */
	default void taskLeaked(LeakRecord leak) {
	}

}
