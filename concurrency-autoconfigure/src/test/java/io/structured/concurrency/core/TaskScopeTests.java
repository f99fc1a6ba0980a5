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

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.Threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TaskScope}.
 */
class TaskScopeTests {

	private final TaskRegistry registry = new TaskRegistry(1000, 10, Duration.ofMillis(100), true);

	private final BoundedExecutor executor = new BoundedExecutor("test", this.registry, 8, 8, 16,
			Duration.ofSeconds(60), false, Threads.platform("test"), null);

	private final TaskScopes scopes = new TaskScopes(this.registry, this.executor, RequestScope.OutlivedTasks.REPORT);

	@AfterEach
	void closeExecutor() {
		this.executor.close();
	}

	@Test
	void joinShouldWaitForEveryTask() throws InterruptedException {
		try (TaskScope scope = this.scopes.open("all")) {
			TaskFuture<String> a = scope.fork("a", () -> sleepThen(50, "a"));
			TaskFuture<String> b = scope.fork("b", () -> sleepThen(10, "b"));
			scope.join();
			assertThat(a.join()).isEqualTo("a");
			assertThat(b.join()).isEqualTo("b");
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.getActiveCount() == 0);
	}

	@Test
	void joinWhenOneTaskFailsShouldCancelSiblingsAndThrowAtOnce() {
		AtomicReference<@Nullable CancellationReason> siblingReason = new AtomicReference<>();
		long start = System.nanoTime();
		try (TaskScope scope = this.scopes.open("failing")) {
			scope.fork("slow", () -> {
				try {
					Thread.sleep(10_000);
				}
				finally {
					siblingReason.set(Objects.requireNonNull(TaskContext.currentToken()).getReason());
				}
				return "never";
			});
			scope.fork("broken", () -> {
				Thread.sleep(50);
				throw new IOException("supplier down");
			});
			assertThatExceptionOfType(ScopeFailedException.class).isThrownBy(scope::join)
				.satisfies((ex) -> assertThat(ex.getTaskName()).isEqualTo("broken"))
				.withCauseInstanceOf(IOException.class);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> siblingReason.get() != null);
		assertThat(siblingReason.get()).isEqualTo(CancellationReason.SIBLING_FAILED);
	}

	@Test
	void joinWhenOneTaskFailsShouldReturnOnlyOnceEverySiblingIsCancelledWithSiblingFailed()
			throws InterruptedException {
		// a slow listener widens the time it takes to cancel the siblings
		this.registry.addListener(new TaskListener() {

			@Override
			public void nodeCancelled(TaskNode node, CancellationReason reason) {
				if (reason == CancellationReason.SIBLING_FAILED) {
					sleep(100);
				}
			}

		});
		CountDownLatch started = new CountDownLatch(3);
		List<TaskFuture<String>> siblings = new ArrayList<>();
		try (TaskScope scope = this.scopes.open("failing")) {
			for (int i = 0; i < 3; i++) {
				siblings.add(scope.fork("slow-" + i, () -> {
					started.countDown();
					return sleepThen(10_000, "late");
				}));
			}
			assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
			scope.fork("broken", () -> {
				throw new IOException("supplier down");
			});
			assertThatExceptionOfType(ScopeFailedException.class).isThrownBy(scope::join);
			assertThat(siblings).allSatisfy((sibling) -> assertThat(sibling.getToken().getReason())
				.isEqualTo(CancellationReason.SIBLING_FAILED));
		}
		assertThat(siblings).allSatisfy(
				(sibling) -> assertThat(sibling.getToken().getReason()).isEqualTo(CancellationReason.SIBLING_FAILED));
	}

	@Test
	void joinWithAnySuccessfulShouldReturnOnFirstSuccessAndCancelTheRest() throws InterruptedException {
		AtomicReference<@Nullable CancellationReason> loserReason = new AtomicReference<>();
		try (TaskScope scope = this.scopes.builder("race").policy(TaskScope.Policy.ANY_SUCCESSFUL).open()) {
			scope.fork("slow", () -> {
				try {
					return sleepThen(10_000, "slow");
				}
				finally {
					loserReason.set(Objects.requireNonNull(TaskContext.currentToken()).getReason());
				}
			});
			scope.fork("failing", () -> {
				throw new IllegalStateException("no");
			});
			TaskFuture<String> fast = scope.fork("fast", () -> sleepThen(20, "fast"));
			scope.join();
			assertThat(scope.getFirstSuccess()).isSameAs(fast);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> loserReason.get() != null);
		assertThat(loserReason.get()).isEqualTo(CancellationReason.SCOPE_CLOSED);
	}

	@Test
	void joinWithAnySuccessfulWhenAllFailShouldThrow() {
		try (TaskScope scope = this.scopes.builder("race").policy(TaskScope.Policy.ANY_SUCCESSFUL).open()) {
			scope.fork("one", () -> {
				throw new IllegalStateException("one");
			});
			scope.fork("two", () -> {
				throw new IllegalStateException("two");
			});
			assertThatExceptionOfType(ScopeFailedException.class).isThrownBy(scope::join);
		}
	}

	@Test
	void joinWhenOneTaskWasCancelledThroughItsFutureShouldReturnWithTheOthersResults() throws InterruptedException {
		try (TaskScope scope = this.scopes.open("partial")) {
			TaskFuture<String> dropped = scope.fork("dropped", () -> sleepThen(10_000, "dropped"));
			TaskFuture<String> kept = scope.fork("kept", () -> sleepThen(50, "kept"));
			dropped.cancel(true);
			scope.join();
			assertThat(kept.join()).isEqualTo("kept");
			assertThat(dropped.isCancelled()).isTrue();
			assertThatExceptionOfType(CancellationException.class).isThrownBy(dropped::join);
			assertThat(kept.getToken().isCancelled()).isFalse();
		}
	}

	@Test
	void joinWithAnySuccessfulWhenEveryTaskWasCancelledShouldThrow() {
		try (TaskScope scope = this.scopes.builder("race").policy(TaskScope.Policy.ANY_SUCCESSFUL).open()) {
			TaskFuture<String> one = scope.fork("one", () -> sleepThen(10_000, "one"));
			TaskFuture<String> two = scope.fork("two", () -> sleepThen(10_000, "two"));
			one.cancel(true);
			two.cancel(false);
			assertThatExceptionOfType(ScopeFailedException.class).isThrownBy(scope::join)
				.satisfies((ex) -> assertThat(ex.getTaskName()).isIn("one", "two"))
				.withCauseInstanceOf(CancellationException.class);
			assertThat(scope.getFirstSuccess()).isNull();
		}
	}

	@Test
	void joinWithAnySuccessfulShouldReportAFailureRatherThanACancellation() {
		try (TaskScope scope = this.scopes.builder("race").policy(TaskScope.Policy.ANY_SUCCESSFUL).open()) {
			scope.fork("cancelled", () -> sleepThen(10_000, "late")).cancel(true);
			TaskFuture<String> failing = scope.fork("failing", () -> {
				throw new IllegalStateException("no");
			});
			await().atMost(Duration.ofSeconds(5)).until(failing::isDone);
			assertThatExceptionOfType(ScopeFailedException.class).isThrownBy(scope::join)
				.satisfies((ex) -> assertThat(ex.getTaskName()).isEqualTo("failing"))
				.withCauseInstanceOf(IllegalStateException.class);
		}
	}

	@Test
	void joinWhenDeadlinePassesShouldThrowDeadlineExceededAndCancelChildren() {
		TaskFuture<String> sleeper;
		try (TaskScope scope = this.scopes.builder("timed").timeout(Duration.ofMillis(100)).open()) {
			sleeper = scope.fork("sleeper", () -> sleepThen(10_000, "late"));
			assertThatExceptionOfType(DeadlineExceededException.class).isThrownBy(scope::join);
		}
		assertThat(sleeper.getToken().getReason()).isEqualTo(CancellationReason.DEADLINE);
		await().atMost(Duration.ofSeconds(5)).until(() -> sleeper.getNode().isFinished());
	}

	@Test
	void closeShouldCancelRunningTasksWithScopeClosedAndRemoveThemFromTheTree() throws InterruptedException {
		CountDownLatch started = new CountDownLatch(1);
		AtomicReference<@Nullable CancellationReason> reason = new AtomicReference<>();
		TaskScope scope = this.scopes.open("closing");
		scope.fork("sleeper", () -> {
			started.countDown();
			try {
				return sleepThen(10_000, "late");
			}
			finally {
				reason.set(Objects.requireNonNull(TaskContext.currentToken()).getReason());
			}
		});
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		scope.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.getActiveCount() == 0);
		assertThat(reason.get()).isEqualTo(CancellationReason.SCOPE_CLOSED);
		assertThatIllegalStateException().isThrownBy(() -> scope.fork("late", () -> "x"));
	}

	@Test
	void scopeOpenedInsideTaskShouldBeChildOfThatTaskAndFollowItsCancellation() throws InterruptedException {
		CountDownLatch grandchildRunning = new CountDownLatch(1);
		AtomicReference<TaskNode> scopeNode = new AtomicReference<>();
		AtomicReference<@Nullable CancellationReason> grandchildReason = new AtomicReference<>();
		TaskFuture<String> outer = this.executor.submit("outer", () -> {
			try (TaskScope inner = this.scopes.open("inner")) {
				scopeNode.set(inner.getNode());
				inner.fork("grandchild", () -> {
					grandchildRunning.countDown();
					try {
						return sleepThen(10_000, "late");
					}
					finally {
						grandchildReason.set(Objects.requireNonNull(TaskContext.currentToken()).getReason());
					}
				});
				inner.join();
			}
			return "done";
		});
		assertThat(grandchildRunning.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(scopeNode.get().getParent()).isSameAs(outer.getNode());
		assertThat(outer.getNode().getChildren()).containsExactly(scopeNode.get());
		assertThat(scopeNode.get().getChildren()).extracting(TaskNode::getName).containsExactly("grandchild");
		outer.cancel(true);
		await().atMost(Duration.ofSeconds(5)).until(() -> grandchildReason.get() != null);
		assertThat(grandchildReason.get()).isEqualTo(CancellationReason.PARENT_CANCELLED);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String sleepThen(long millis, String value) throws InterruptedException {
		Thread.sleep(millis);
		return value;
	}

}
