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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.CoreInspector;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskKind;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskOutcome;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskState;

/**
 * Model checking of {@link TaskFuture} and of the registry's accounting: a queued task is
 * cancelled while a worker starts it, cancelled twice at once, or reported ended twice at
 * once, in every interleaving that Lincheck explores; afterwards the task has ended
 * exactly once, in a state that agrees with its future, and left nothing behind.
 */
class TaskFutureModelTests {

	@Test
	void cancelWithInterruptRacingStartShouldEndOnceAndLeaveNoInterrupt() {
		ModelChecker.of(QueuedTask.class).initial("submit").thread("runQueued").thread("cancelInterrupting").check();
	}

	@Test
	void cancelWithoutInterruptRacingStartShouldEndOnce() {
		ModelChecker.of(QueuedTask.class).initial("submit").thread("runQueued").thread("cancelQuietly").check();
	}

	@Test
	void cancelsRacingEachOtherShouldCancelOnceAndEndOnce() {
		ModelChecker.of(QueuedTask.class)
			.initial("submit")
			.thread("cancelInterrupting")
			.thread("cancelQuietly")
			.thread("cancelParent")
			.post("runQueued")
			.check();
	}

	@Test
	void endingReportedTwiceAtOnceShouldCountOnce() {
		ModelChecker.of(FinishRace.class)
			.initial("register")
			.thread("finishSucceeded")
			.thread("finishCancelled")
			.check();
	}

	/**
	 * A task queued on an executor whose worker is a thread of the test, inside a request
	 * whose token outlives it.
	 */
	public static class QueuedTask {

		// tracks no node: a tracked task that is cancelled schedules a leak check on the
		// deadline timer's thread, which the model checker does not control
		private final TaskRegistry registry = new TaskRegistry(0, 10, Duration.ofHours(1), false);

		private final Ledger ledger = new Ledger();

		private final ManualExecutor executor = new ManualExecutor();

		private final AtomicInteger cancels = new AtomicInteger();

		private volatile @Nullable CancellationToken requestToken;

		private volatile @Nullable TaskFuture<Integer> future;

		private volatile boolean ran;

		private volatile boolean parentCancelled;

		private volatile boolean interruptLeaked;

		{
			this.registry.addListener(this.ledger);
		}

		@Operation
		public void submit() {
			CancellationToken token = CancellationToken.create();
			TaskNode request = this.registry.register(TaskKind.REQUEST, "request", null, token, TaskState.RUNNING, null,
					null);
			this.requestToken = token;
			this.future = TaskFuture.of(this.registry, new TaskContext(request, token), "task", () -> {
				this.ran = true;
				return 1;
			}).submitTo(this.executor);
		}

		@Operation
		public void runQueued() {
			this.executor.runQueued();
			if (Thread.interrupted()) {
				this.interruptLeaked = true;
			}
		}

		@Operation
		public void cancelInterrupting() {
			cancel(true);
		}

		@Operation
		public void cancelQuietly() {
			cancel(false);
		}

		private void cancel(boolean interrupt) {
			TaskFuture<Integer> future = this.future;
			if (future != null && future.cancel(interrupt)) {
				this.cancels.incrementAndGet();
			}
		}

		@Operation
		public void cancelParent() {
			CancellationToken token = this.requestToken;
			if (token != null) {
				this.parentCancelled = token.cancel(CancellationReason.MANUAL);
			}
		}

		@Validate
		public void validate() {
			TaskFuture<Integer> future = this.future;
			CancellationToken requestToken = this.requestToken;
			ModelChecker.require(future != null && requestToken != null, "not submitted");
			ModelChecker.require(!this.interruptLeaked, "the worker kept an interrupt meant for the task");
			List<TaskOutcome> outcomes = this.ledger.outcomes();
			ModelChecker.require(outcomes.size() == 1, "outcomes %s", outcomes);
			TaskOutcome outcome = outcomes.get(0);
			ModelChecker.require(this.cancels.get() <= 1, "%d cancels won", this.cancels.get());
			ModelChecker.require(future.isDone(), "future not done");
			if (this.cancels.get() == 1) {
				ModelChecker.require(future.isCancelled() && outcome == TaskOutcome.CANCELLED,
						"a cancel won but the outcome is %s", outcome);
			}
			else if (!this.parentCancelled) {
				ModelChecker.require(this.ran && outcome == TaskOutcome.SUCCESS && !future.isCompletedExceptionally(),
						"nothing cancelled the task but it ended %s", outcome);
			}
			ModelChecker.require(this.ran || outcome == TaskOutcome.CANCELLED, "the task never ran but ended %s",
					outcome);
			ModelChecker.require((outcome == TaskOutcome.SUCCESS) == !future.isCompletedExceptionally(),
					"outcome %s disagrees with the future", outcome);
			ModelChecker.require(this.registry.getActiveCount() == 1, "%d live nodes besides the request",
					this.registry.getActiveCount() - 1);
			if (!this.parentCancelled) {
				ModelChecker.require(CoreInspector.childCount(requestToken) == 0, "the request token keeps %d links",
						CoreInspector.childCount(requestToken));
			}
		}

	}

	/**
	 * Two threads report at once that the same task ended, as a worker and a thread that
	 * takes the task out of its executor could.
	 */
	public static class FinishRace {

		private final TaskRegistry registry = new TaskRegistry(0, 10, Duration.ofHours(1), false);

		private final Ledger ledger = new Ledger();

		private volatile @Nullable TaskNode node;

		{
			this.registry.addListener(this.ledger);
		}

		@Operation
		public void register() {
			this.node = this.registry.register(TaskKind.TASK, "task", null, CancellationToken.create(),
					TaskState.QUEUED, null, null);
		}

		@Operation
		public void finishSucceeded() {
			finish(TaskOutcome.SUCCESS);
		}

		@Operation
		public void finishCancelled() {
			finish(TaskOutcome.CANCELLED);
		}

		private void finish(TaskOutcome outcome) {
			TaskNode node = this.node;
			if (node != null) {
				this.registry.finish(node, outcome);
			}
		}

		@Validate
		public void validate() {
			List<TaskOutcome> outcomes = this.ledger.outcomes();
			ModelChecker.require(outcomes.size() == 1, "outcomes %s", outcomes);
			ModelChecker.require(this.registry.getActiveCount() == 0, "%d live nodes", this.registry.getActiveCount());
		}

	}

}
