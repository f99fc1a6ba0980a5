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

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.CoreInspector;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskCancelledException;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskOutcome;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.core.TaskScopes;

/**
 * Model checking of {@link TaskScope}: forks, joins, cancels and closes race each other
 * in every interleaving that Lincheck explores, with tasks run by a thread of the test,
 * and the models check afterwards that every task ended once, in a state that agrees with
 * what the scope reported, and that nothing is left in the registry.
 */
class TaskScopeModelTests {

	@Test
	void forkRacingCancelShouldEndCancelledWithoutRunningAndTheScopeNeverSucceed() {
		ModelChecker.of(ForkRacingCancel.class)
			.initial("open")
			.thread("fork")
			.thread("cancel")
			.post("runQueued", "join")
			.check();
	}

	@Test
	void forkRacingCancelAndTheWorkerShouldSucceedOnlyIfTheTaskRan() {
		ModelChecker.of(ForkRacingCancelAndWorker.class)
			.initial("open")
			.thread("fork")
			.thread("cancel")
			.thread("runQueued")
			.post("runQueued", "join")
			.check();
	}

	@Test
	void joinRacingCloseShouldThrowScopeClosedForAQueuedTask() {
		ModelChecker.of(JoinRacingClose.class)
			.initial("open", "fork")
			.thread("join")
			.thread("close")
			.post("runQueued")
			.check();
	}

	@Test
	void joinRacingCloseShouldSucceedWhenTheTaskAlreadySucceeded() {
		ModelChecker.of(JoinRacingClose.class)
			.initial("open", "fork", "runQueued")
			.thread("join")
			.thread("close")
			.post("runQueued")
			.check();
	}

	@Test
	void forkRacingCloseShouldBeRefusedOrCancelled() {
		ModelChecker.of(JoinRacingClose.class)
			.initial("open")
			.thread("fork")
			.thread("close")
			.post("runQueued", "join")
			.check();
	}

	/**
	 * The base of the scope models: a registry, an executor run by the test's threads and
	 * one scope inside a request whose token outlives it.
	 */
	public abstract static class ScopeModel {

		final Ledger ledger = new Ledger();

		// tracks no node: a tracked task that is cancelled schedules a leak check on the
		// deadline timer's thread, which the model checker does not control
		final TaskRegistry registry = new TaskRegistry(0, 10, Duration.ofHours(1), false);

		final ManualExecutor executor = new ManualExecutor();

		final TaskScopes scopes = new TaskScopes(this.registry, this.executor, RequestScope.OutlivedTasks.REPORT);

		@SuppressWarnings("NullAway.Init")
		volatile CancellationToken requestToken;

		@SuppressWarnings("NullAway.Init")
		volatile TaskScope scope;

		volatile @Nullable TaskFuture<Integer> future;

		volatile @Nullable String forkFailure;

		volatile @Nullable Throwable joinFailure;

		volatile boolean joined;

		volatile boolean ran;

		{
			this.registry.addListener(this.ledger);
		}

		// the first operation of every scenario: objects that the model checker did not
		// see created have hash codes that it does not keep stable
		@Operation
		public void open() {
			try (RequestScope request = this.scopes.openRequest("request", null, null, null)) {
				this.requestToken = request.getToken();
				this.scope = this.scopes.open("scope");
			}
		}

		@Operation
		public void fork() {
			try {
				this.future = this.scope.fork("task", () -> {
					this.ran = true;
					return 1;
				});
			}
			catch (RuntimeException ex) {
				this.forkFailure = ex.getClass().getSimpleName();
			}
		}

		@Operation
		public int runQueued() {
			return this.executor.runQueued();
		}

		@Operation
		public void join() {
			try {
				this.scope.join();
				this.joined = true;
			}
			catch (InterruptedException | RuntimeException ex) {
				this.joinFailure = ex;
			}
		}

		@Operation
		public void close() {
			this.scope.close();
		}

		// every task ended exactly once, agreeing with its future, and left nothing
		void requireAccounted() {
			List<TaskOutcome> outcomes = this.ledger.outcomes();
			ModelChecker.require(outcomes.size() == 1, "one task, outcomes %s", outcomes);
			TaskFuture<Integer> future = this.future;
			if (future != null) {
				ModelChecker.require(future.isDone(), "future not done");
				TaskOutcome outcome = outcomes.get(0);
				ModelChecker.require(
						(outcome == TaskOutcome.SUCCESS) == (future.isDone() && !future.isCompletedExceptionally()),
						"outcome %s of %s", outcome, future);
				ModelChecker.require(this.ran == (outcome == TaskOutcome.SUCCESS), "ran %s, outcome %s", this.ran,
						outcome);
			}
			this.scope.close();
			ModelChecker.require(this.registry.getActiveCount() == 0, "%s active nodes",
					this.registry.getActiveCount());
			ModelChecker.require(this.registry.getTrackedCount() == 0, "%s tracked nodes",
					this.registry.getTrackedCount());
			ModelChecker.require(CoreInspector.childCount(this.requestToken) == 0, "request token keeps %s links",
					CoreInspector.childCount(this.requestToken));
			ModelChecker.require(CoreInspector.childCount(this.scope.getToken()) == 0, "scope token keeps %s links",
					CoreInspector.childCount(this.scope.getToken()));
		}

		static boolean cancelledWith(@Nullable Throwable failure, CancellationReason reason) {
			return failure instanceof TaskCancelledException cancelled && cancelled.getReason() == reason;
		}

	}

	/**
	 * The base of the models where a scope is cancelled while a task is forked into it.
	 */
	public abstract static class CancelRace extends ScopeModel {

		@Operation
		public void cancel() {
			this.scope.getToken().cancel(CancellationReason.MANUAL);
		}

		void validateRace() {
			ModelChecker.require(this.forkFailure == null, "fork failed: %s", this.forkFailure);
			TaskFuture<Integer> future = this.future;
			ModelChecker.require(future != null, "no future");
			if (this.ran) {
				// the task ran before the scope was cancelled and reached the goal; if it
				// ended first, its token was released and the cancel did not reach it
				ModelChecker.require(this.joined, "the task succeeded but join threw %s", this.joinFailure);
			}
			else {
				ModelChecker.require(future.getToken().getReason() == CancellationReason.PARENT_CANCELLED,
						"task token %s", future.getToken());
				ModelChecker.require(!this.joined && cancelledWith(this.joinFailure, CancellationReason.MANUAL),
						"the scope reported %s though its task never ran", this.joined ? "success" : this.joinFailure);
				ModelChecker.require(future.isCompletedExceptionally(), "the task that never ran has %s", future);
			}
			requireAccounted();
		}

	}

	/**
	 * A scope is cancelled while a task is forked into it, and the task is run after
	 * both: it must never start.
	 */
	public static class ForkRacingCancel extends CancelRace {

		@Validate
		public void validate() {
			ModelChecker.require(!this.ran, "the task ran although its scope was cancelled before it started");
			validateRace();
		}

	}

	/**
	 * A scope is cancelled while a task is forked into it and a worker runs what is
	 * queued: the task may run before the cancel and succeed.
	 */
	public static class ForkRacingCancelAndWorker extends CancelRace {

		@Validate
		public void validate() {
			validateRace();
		}

	}

	/**
	 * A scope's owner joins while another thread closes it, or forks while it is closed.
	 */
	public static class JoinRacingClose extends ScopeModel {

		@Validate
		public void validate() {
			TaskFuture<Integer> future = this.future;
			if (future == null) {
				ModelChecker.require("IllegalStateException".equals(this.forkFailure), "fork failed with %s",
						this.forkFailure);
			}
			else if (this.ran) {
				ModelChecker.require(this.joined || this.joinFailure == null, "the task succeeded but join threw %s",
						this.joinFailure);
			}
			else {
				ModelChecker.require(!this.joined, "the scope reported success though its task never ran");
				ModelChecker.require(
						this.joinFailure == null || cancelledWith(this.joinFailure, CancellationReason.SCOPE_CLOSED),
						"join threw %s", this.joinFailure);
				ModelChecker.require(future.getToken().getReason() == CancellationReason.SCOPE_CLOSED, "task token %s",
						future.getToken());
			}
			requireAccounted();
		}

	}

}
