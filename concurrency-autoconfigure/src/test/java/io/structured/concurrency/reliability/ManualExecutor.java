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
import java.util.concurrent.Executor;

import io.structured.concurrency.core.TaskFuture;

/**
 * An executor that queues tasks until a thread of the test runs them, so that a model
 * checker controls every thread that touches them. Like the library's executors, it lets
 * a cancelled task be taken out of its queue.
 */
final class ManualExecutor implements Executor {

	private final List<Runnable> queue = new ArrayList<>();

	@Override
	public void execute(Runnable task) {
		if (task instanceof TaskFuture<?> future) {
			future.setDequeue(() -> remove(future));
		}
		synchronized (this) {
			this.queue.add(task);
		}
	}

	private synchronized boolean remove(Runnable task) {
		return this.queue.remove(task);
	}

	/**
	 * Run the queued tasks on the calling thread.
	 * @return how many tasks ran
	 */
	int runQueued() {
		List<Runnable> tasks;
		synchronized (this) {
			tasks = new ArrayList<>(this.queue);
			this.queue.clear();
		}
		tasks.forEach(Runnable::run);
		return tasks.size();
	}

}
