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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.core.task.TaskRejectedException;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.CoreInspector;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.ScopeFailedException;
import io.structured.concurrency.core.TaskCancelledException;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskKind;
import io.structured.concurrency.core.TaskListener;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskOutcome;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.Threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stress test of the accounting invariant: every task handed to a scope or an executor is
 * accounted for exactly once, as succeeded, failed, cancelled or rejected, however its
 * submission races with cancels, failures, deadlines and rejections; and afterwards
 * nothing is left behind: no live node, no thread, no token link.
 *
 * <p>
 * Eight threads submit {@value #DEFAULT_TASKS} tasks, half through scopes of both
 * policies (some with deadlines of a millisecond or two) and half straight to executors
 * whose pools and queues are small enough that many submissions are rejected. Some tasks
 * fail, some spin or sleep long enough to be cancelled while running, and the submitters
 * cancel a share of their futures, with and without interrupting, while the tasks are
 * queued or running. The number of tasks can be changed with the system property
 * {@value #TASKS_PROPERTY}, and the random seed, printed with every failure, with
 * {@value #SEED_PROPERTY}.
 *
 * <p>
 * "Submitted" is the number of calls to {@link TaskScope#fork} and
 * {@link BoundedExecutor#submit(String, Callable)}: each creates exactly one
 * {@link TaskFuture}, also when the call then throws because the executor refused the
 * task. The outcomes are counted by a {@link TaskListener} on the registry.
 */
class AccountingStressTests {

	static final String TASKS_PROPERTY = "concurrency.stress.tasks";

	static final String SEED_PROPERTY = "concurrency.stress.seed";

	private static final Log logger = LogFactory.getLog(AccountingStressTests.class);

	private static final int DEFAULT_TASKS = 1_000_000;

	private static final int SUBMITTERS = 8;

	private static final String THREAD_PREFIX = "stress-";

	private final TaskRegistry registry = new TaskRegistry(100_000, 100, Duration.ofSeconds(2), false);

	private final BoundedExecutor scopeExecutor = new BoundedExecutor(THREAD_PREFIX + "scope", this.registry, 2, 4, 32,
			Duration.ofSeconds(1), false, Threads.platform(THREAD_PREFIX + "scope"), null);

	private final BoundedExecutor handOffExecutor = new BoundedExecutor(THREAD_PREFIX + "hand-off", this.registry, 1, 3,
			0, Duration.ofSeconds(1), false, Threads.platform(THREAD_PREFIX + "hand-off"), null);

	// decorated, so that taking a task out of the queue must find the decorated runnable
	private final BoundedExecutor queueingExecutor = new BoundedExecutor(THREAD_PREFIX + "queueing", this.registry, 2,
			2, 8, Duration.ofSeconds(1), false, Threads.platform(THREAD_PREFIX + "queueing"),
			(runnable) -> runnable::run);

	private final List<BoundedExecutor> executors = List.of(this.scopeExecutor, this.handOffExecutor,
			this.queueingExecutor);

	private final TaskScopes scopes = new TaskScopes(this.registry, this.scopeExecutor,
			RequestScope.OutlivedTasks.REPORT);

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void everyTaskShouldBeAccountedForExactlyOnceAndNothingLeftBehind() throws Exception {
		int tasks = Integer.getInteger(TASKS_PROPERTY, DEFAULT_TASKS);
		long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
		String run = "[" + SEED_PROPERTY + "=" + seed + ", " + TASKS_PROPERTY + "=" + tasks + "]";
		Ledger ledger = new Ledger(2 * tasks + 1024);
		this.registry.addListener(ledger);
		long start = System.nanoTime();
		List<Submitter> submitters = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < SUBMITTERS; i++) {
			Submitter submitter = new Submitter(ledger, new SplittableRandom(seed + i),
					tasks / SUBMITTERS + ((i < tasks % SUBMITTERS) ? 1 : 0));
			submitters.add(submitter);
			Thread thread = new Thread(submitter, "submitter-" + i);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join(TimeUnit.MINUTES.toMillis(4));
			assertThat(thread.isAlive()).as("%s still submitting %s", thread.getName(), run).isFalse();
		}
		for (Submitter submitter : submitters) {
			assertThat(submitter.error).as("submitter error %s", run).isNull();
		}
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> this.registry.getActiveCount() == 0);
		}
		catch (ConditionTimeoutException ex) {
			// tasks were lost: the assertions below say how many, with the seed
		}
		long submitted = submitters.stream().mapToLong((submitter) -> submitter.submitted).sum();
		Map<TaskOutcome, Long> outcomes = ledger.outcomes();
		long accounted = outcomes.values().stream().mapToLong(Long::longValue).sum();
		String summary = run + " submitted " + submitted + ", outcomes " + outcomes + ", rejected by executor "
				+ this.executors.stream()
					.map((executor) -> executor.getName() + "=" + executor.getRejectedCount())
					.toList()
				+ ", in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms";
		logger.info(summary);
		assertThat(ledger.anomalies).as(summary).isEmpty();
		assertThat(submitters.stream().flatMap((submitter) -> submitter.violations.stream())).as(summary).isEmpty();
		assertThat(submitted).as(summary).isEqualTo(tasks);
		assertThat(accounted).as(summary).isEqualTo(submitted);
		assertThat(outcomes).as("every outcome happens %s", summary)
			.allSatisfy((outcome, count) -> assertThat(count).isPositive());
		// every task reports once, and after its future is done
		for (Submitter submitter : submitters) {
			for (TaskFuture<Integer> future : submitter.unsettled) {
				assertThat(future.isDone()).as("future of %s done %s", future.getNode(), summary).isTrue();
				assertThat(submitter.violation(future)).as(summary).isNull();
			}
		}
		assertThat(this.registry.getActiveCount()).as(summary).isZero();
		assertThat(this.registry.getTrackedCount()).as(summary).isZero();
		assertThat(this.registry.getRoots()).as(summary).isEmpty();
		assertThat(this.registry.getLeakedCount()).as(summary).isZero();
		for (Submitter submitter : submitters) {
			assertThat(submitter.requestToken).isNotNull();
			assertThat(submitter.requestToken.isCancelled()).isFalse();
			assertThat(CoreInspector.childCount(submitter.requestToken)).as("links left %s", summary).isZero();
			for (CancellationToken token : submitter.scopeTokens) {
				assertThat(CoreInspector.childCount(token)).as("links left %s", summary).isZero();
			}
		}
		for (BoundedExecutor executor : this.executors) {
			assertThat(executor.getActiveCount()).as(summary).isZero();
			assertThat(executor.getQueueSize()).as(summary).isZero();
		}
		assertThat(this.executors.stream().mapToLong(BoundedExecutor::getRejectedCount).sum()).as(summary)
			.isEqualTo(outcomes.get(TaskOutcome.REJECTED));
		this.executors.forEach(BoundedExecutor::close);
		await().atMost(Duration.ofSeconds(10)).until(() -> liveThreads(THREAD_PREFIX).isEmpty());
	}

	private static List<String> liveThreads(String prefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith(prefix))
			.toList();
	}

	private static String state(TaskFuture<?> future) {
		if (!future.isDone()) {
			return "not done";
		}
		if (future.isCancelled()) {
			return "cancelled";
		}
		return future.isCompletedExceptionally() ? "completed exceptionally" : "completed normally";
	}

	private static boolean succeeded(TaskFuture<?> future) {
		return future.isDone() && !future.isCompletedExceptionally();
	}

	/**
	 * Counts the outcomes that the registry reports and checks that each task reports
	 * exactly one.
	 */
	static final class Ledger implements TaskListener {

		private final Map<TaskOutcome, LongAdder> counts = new EnumMap<>(TaskOutcome.class);

		// by node id: 0 before the task ended, else the outcome's ordinal plus one
		private final AtomicIntegerArray reported;

		final Queue<String> anomalies = new ConcurrentLinkedQueue<>();

		Ledger(int capacity) {
			this.reported = new AtomicIntegerArray(capacity);
			for (TaskOutcome outcome : TaskOutcome.values()) {
				this.counts.put(outcome, new LongAdder());
			}
		}

		@Override
		public void taskCompleted(TaskNode node, TaskOutcome outcome) {
			this.counts.get(outcome).increment();
			if (node.getKind() != TaskKind.TASK) {
				this.anomalies.add(node + " is no task but ended " + outcome);
			}
			else if (node.getId() >= this.reported.length()) {
				this.anomalies.add(node + " has an id beyond the ledger");
			}
			else if (!this.reported.compareAndSet((int) node.getId(), 0, outcome.ordinal() + 1)) {
				this.anomalies.add(node + " ended twice: " + outcome(node) + " and " + outcome);
			}
		}

		@Nullable TaskOutcome outcome(TaskNode node) {
			int reported = this.reported.get((int) node.getId());
			return (reported != 0) ? TaskOutcome.values()[reported - 1] : null;
		}

		Map<TaskOutcome, Long> outcomes() {
			Map<TaskOutcome, Long> outcomes = new EnumMap<>(TaskOutcome.class);
			this.counts.forEach((outcome, count) -> outcomes.put(outcome, count.sum()));
			return outcomes;
		}

	}

	/**
	 * One of the threads that submit tasks, inside a request of its own whose token
	 * outlives every task.
	 */
	final class Submitter implements Runnable {

		private static final int KEPT_SCOPE_TOKENS = 1000;

		private final Ledger ledger;

		private final SplittableRandom random;

		private final int quota;

		long submitted;

		@Nullable CancellationToken requestToken;

		// a sample of the tokens of closed scopes that were not cancelled
		final List<CancellationToken> scopeTokens = new ArrayList<>();

		// futures whose task had not reported its outcome when they were checked
		final List<TaskFuture<Integer>> unsettled = new ArrayList<>();

		final List<String> violations = new ArrayList<>();

		volatile @Nullable Throwable error;

		Submitter(Ledger ledger, SplittableRandom random, int quota) {
			this.ledger = ledger;
			this.random = random;
			this.quota = quota;
		}

		@Override
		public void run() {
			try (RequestScope request = AccountingStressTests.this.scopes.openRequest("stress", null, null, null)) {
				this.requestToken = request.getToken();
				while (this.submitted < this.quota) {
					if (this.random.nextBoolean()) {
						runScope();
					}
					else {
						submitToExecutor();
					}
				}
			}
			catch (Throwable ex) {
				this.error = ex;
			}
		}

		private void runScope() throws InterruptedException {
			TaskScope.Policy policy = this.random.nextBoolean() ? TaskScope.Policy.ALL_SUCCESSFUL
					: TaskScope.Policy.ANY_SUCCESSFUL;
			TaskScopes.Builder builder = AccountingStressTests.this.scopes.builder("scope").policy(policy);
			if (this.random.nextInt(5) == 0) {
				builder.timeout(Duration.ofNanos(200_000 + this.random.nextInt(2_000_000)));
			}
			int forks = batch(6);
			List<TaskFuture<Integer>> futures = new ArrayList<>(forks);
			boolean refused = false;
			Outcome joined;
			TaskScope scope = builder.open();
			try {
				for (int i = 0; i < forks; i++) {
					this.submitted++;
					try {
						futures.add(scope.fork("fork", task()));
					}
					catch (TaskRejectedException | TaskCancelledException ex) {
						// the executor refused the task; a cancelled scope says why
						refused = true;
					}
				}
				cancelSome(futures);
				if (this.random.nextInt(20) == 0) {
					scope.getToken().cancel(CancellationReason.MANUAL);
				}
				joined = join(scope);
			}
			finally {
				scope.close();
			}
			checkJoin(policy, joined, refused, futures);
			if (!scope.getToken().isCancelled() && this.scopeTokens.size() < KEPT_SCOPE_TOKENS) {
				this.scopeTokens.add(scope.getToken());
			}
			settle(futures);
		}

		private Outcome join(TaskScope scope) throws InterruptedException {
			try {
				scope.join();
				return Outcome.SUCCEEDED;
			}
			catch (ScopeFailedException ex) {
				return Outcome.FAILED;
			}
			catch (TaskCancelledException ex) {
				return Outcome.CANCELLED;
			}
		}

		// what the outcome of a join says about the forked tasks
		private void checkJoin(TaskScope.Policy policy, Outcome joined, boolean refused,
				List<TaskFuture<Integer>> futures) {
			if (joined == Outcome.SUCCEEDED && policy == TaskScope.Policy.ALL_SUCCESSFUL) {
				if (refused) {
					this.violations.add("ALL_SUCCESSFUL scope joined although a fork was refused");
				}
				for (TaskFuture<Integer> future : futures) {
					if (!future.isDone() || (future.isCompletedExceptionally() && !future.isCancelled())) {
						this.violations.add("ALL_SUCCESSFUL scope joined although " + future + " did not succeed");
					}
				}
			}
			if (joined == Outcome.FAILED && policy == TaskScope.Policy.ALL_SUCCESSFUL && !refused && futures.stream()
				.noneMatch((future) -> future.isCompletedExceptionally() && !future.isCancelled())) {
				this.violations.add("ALL_SUCCESSFUL scope failed although no task failed");
			}
			// a task may still succeed after its scope was cancelled, but not after a
			// failed join, which waited for every task
			boolean anySucceeded = futures.stream().anyMatch(AccountingStressTests::succeeded);
			if (policy == TaskScope.Policy.ANY_SUCCESSFUL && joined == Outcome.SUCCEEDED && !anySucceeded) {
				this.violations.add("ANY_SUCCESSFUL scope joined although no task succeeded: refused " + refused
						+ ", tasks " + futures.stream().map(AccountingStressTests::state).toList());
			}
			if (policy == TaskScope.Policy.ANY_SUCCESSFUL && joined == Outcome.FAILED && anySucceeded) {
				this.violations.add("ANY_SUCCESSFUL scope failed although a task succeeded");
			}
		}

		private void submitToExecutor() throws InterruptedException {
			BoundedExecutor executor = this.random.nextBoolean() ? AccountingStressTests.this.handOffExecutor
					: AccountingStressTests.this.queueingExecutor;
			int count = batch(8);
			List<TaskFuture<Integer>> futures = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				this.submitted++;
				try {
					futures.add(executor.submit("direct", task()));
				}
				catch (TaskRejectedException ex) {
					// counted by the ledger as rejected
				}
			}
			cancelSome(futures);
			for (TaskFuture<Integer> future : futures) {
				try {
					future.get(10, TimeUnit.SECONDS);
				}
				catch (ExecutionException | CancellationException ex) {
					// an outcome like any other
				}
				catch (TimeoutException ex) {
					this.violations.add(future + " still not done after 10 seconds");
				}
			}
			settle(futures);
		}

		private int batch(int max) {
			return Math.min(1 + this.random.nextInt(max), (int) (this.quota - this.submitted));
		}

		private Callable<Integer> task() {
			int kind = this.random.nextInt(1000);
			if (kind < 600) {
				return () -> 1;
			}
			if (kind < 750) {
				return () -> {
					throw new IllegalStateException("failed on purpose");
				};
			}
			if (kind < 990) {
				int spins = 50 + this.random.nextInt(750);
				return () -> spin(spins);
			}
			long sleepNanos = 100_000 + this.random.nextInt(900_000);
			if (kind < 995) {
				return () -> {
					Thread.sleep(0, (int) Math.min(sleepNanos, 999_999));
					return 3;
				};
			}
			return () -> {
				CancellationToken token = TaskContext.currentToken();
				if (token != null) {
					token.sleep(Duration.ofNanos(sleepNanos));
				}
				return 4;
			};
		}

		private static Integer spin(int spins) {
			for (int i = 0; i < spins; i++) {
				if ((i & 31) == 0) {
					TaskContext.throwIfCancelled();
				}
				Thread.onSpinWait();
			}
			return 2;
		}

		private void cancelSome(List<TaskFuture<Integer>> futures) {
			for (TaskFuture<Integer> future : futures) {
				if (this.random.nextInt(8) == 0) {
					int spins = this.random.nextInt(4) * 250;
					for (int i = 0; i < spins; i++) {
						Thread.onSpinWait();
					}
					future.cancel(this.random.nextBoolean());
				}
			}
		}

		// checks the futures whose task has reported; keeps the others for later
		private void settle(List<TaskFuture<Integer>> futures) {
			for (TaskFuture<Integer> future : futures) {
				if (future.isDone() && this.ledger.outcome(future.getNode()) != null) {
					String violation = violation(future);
					if (violation != null) {
						this.violations.add(violation);
					}
				}
				else {
					this.unsettled.add(future);
				}
			}
		}

		// whether the state of a future agrees with the outcome its task reported
		@Nullable String violation(TaskFuture<Integer> future) {
			TaskOutcome outcome = this.ledger.outcome(future.getNode());
			boolean agrees = (outcome != null) && switch (outcome) {
				case SUCCESS -> succeeded(future);
				case FAILURE -> future.isCompletedExceptionally() && !future.isCancelled();
				case CANCELLED, REJECTED -> future.isCompletedExceptionally();
			};
			return agrees ? null : future + " reported " + outcome + " but its future is " + state(future);
		}

	}

	enum Outcome {

		SUCCEEDED, FAILED, CANCELLED

	}

}
