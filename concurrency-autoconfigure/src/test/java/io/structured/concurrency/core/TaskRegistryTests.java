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

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.Threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TaskRegistry}.
 */
class TaskRegistryTests {

	private final TaskRegistry registry = new TaskRegistry(4, 2, Duration.ofMillis(100), false);

	private final BoundedExecutor executor = new BoundedExecutor("test", this.registry, 4, 4, 16,
			Duration.ofSeconds(60), false, Threads.platform("test"), null);

	private final TaskScopes scopes = new TaskScopes(this.registry, this.executor, RequestScope.OutlivedTasks.REPORT);

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void release() {
		this.release.countDown();
		this.executor.close();
	}

	@Test
	void registerAboveMaxTrackedShouldCountButNotTrack() {
		for (int i = 0; i < 5; i++) {
			this.executor.execute("blocked-" + i, this::awaitRelease);
		}
		assertThat(this.registry.getActiveCount()).isEqualTo(5);
		assertThat(this.registry.getTrackedCount()).isEqualTo(4);
		assertThat(this.registry.getRoots()).hasSize(4);
		this.release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.getActiveCount() == 0);
		assertThat(this.registry.getTrackedCount()).isZero();
		assertThat(this.registry.getRoots()).isEmpty();
	}

	@Test
	void unnamedTasksFromOnePlaceShouldShareOneName() {
		for (int i = 0; i < 2; i++) {
			this.executor.execute(this::awaitRelease);
		}
		assertThat(this.registry.getRoots()).hasSize(2);
		String first = this.registry.getRoots().get(0).getName();
		String second = this.registry.getRoots().get(1).getName();
		assertThat(first).isNotEqualTo("task").isEqualTo(second);
		// thousands of live tasks from one call site hold one string, not one each
		assertThat(second).isSameAs(first);
	}

	@Test
	void taskStillRunningAfterRequestEndsShouldLeakWithOwner() {
		try (RequestScope request = this.scopes.openRequest("POST /fire", Duration.ofSeconds(30), "req-9", null)) {
			this.executor.execute("fire-and-forget", this::awaitRelease);
			assertThat(request.getNode().getChildren()).hasSize(1);
		}
		assertThat(TaskContext.current()).isNull();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.getLeakedCount() == 1);
		LeakRecord leak = this.registry.getLeaks().get(0);
		assertThat(leak.reason()).isEqualTo(LeakReason.OUTLIVED_SCOPE);
		assertThat(leak.owner()).isEqualTo("POST /fire");
		assertThat(leak.getName()).isEqualTo("fire-and-forget");
		assertThat(leak.node().getRequestId()).isEqualTo("req-9");
		this.release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.getLeakedCount() == 0);
		assertThat(this.registry.getLeaks()).hasSize(1);
	}

	@Test
	void taskIgnoringCancellationShouldLeak() throws InterruptedException {
		CountDownLatch started = new CountDownLatch(1);
		TaskFuture<?> future = this.executor.execute("stubborn", () -> {
			started.countDown();
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (System.nanoTime() < end && this.release.getCount() > 0) {
				Thread.onSpinWait();
			}
		});
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		future.cancel(true);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.getLeakedCount() == 1);
		assertThat(this.registry.getLeaks()).singleElement()
			.satisfies((leak) -> assertThat(leak.reason()).isEqualTo(LeakReason.IGNORED_CANCELLATION));
		assertThat(future.getNode().getState()).isEqualTo(TaskState.CANCELLING);
	}

	@Test
	void requestScopeWithCancelPolicyShouldCancelOutlivingTasksWithScopeClosed() {
		TaskScopes cancelling = new TaskScopes(this.registry, this.executor, RequestScope.OutlivedTasks.CANCEL);
		TaskFuture<?> child;
		try (RequestScope request = cancelling.openRequest("POST /fire", null, "req-9", null)) {
			child = this.executor.execute("fire-and-forget", this::awaitRelease);
		}
		assertThat(child.getToken().getReason()).isEqualTo(CancellationReason.SCOPE_CLOSED);
	}

	@Test
	void leaksShouldKeepOnlyTheLatestMaxLeaks() {
		for (int i = 0; i < 3; i++) {
			try (RequestScope request = this.scopes.openRequest("GET /r" + i, null, null, null)) {
				this.executor.execute("leak-" + i, this::awaitRelease);
			}
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.getLeakedCount() == 3);
		assertThat(this.registry.getLeaks()).extracting(LeakRecord::getName).containsExactly("leak-1", "leak-2");
	}

	@Test
	void cancelRootsFromNowOnShouldCancelOpenRootsAndEveryRootOpenedLater() {
		try (RequestScope before = this.scopes.openRequest("GET /before", null, null, null)) {
			TaskScope child = this.scopes.open("child");
			this.registry.cancelRootsFromNowOn(CancellationReason.SHUTDOWN);
			assertThat(before.getToken().getReason()).isEqualTo(CancellationReason.SHUTDOWN);
			assertThat(child.getToken().getReason()).isEqualTo(CancellationReason.SHUTDOWN);
			child.close();
		}
		this.registry.cancelRootsFromNowOn(CancellationReason.MANUAL);
		try (RequestScope after = this.scopes.openRequest("GET /after", null, null, null)) {
			assertThat(after.getToken().getReason()).isEqualTo(CancellationReason.SHUTDOWN);
			assertThat(after.getNode().getCancelledNanos()).isNotZero();
		}
		try (TaskScope scope = this.scopes.open("after")) {
			assertThat(scope.getToken().getReason()).isEqualTo(CancellationReason.SHUTDOWN);
		}
		assertThat(this.registry.getActiveCount()).isZero();
	}

	@Test
	void cancelRootsShouldLeaveRootsOpenedLaterAlone() {
		this.registry.cancelRoots(CancellationReason.SHUTDOWN);
		try (RequestScope after = this.scopes.openRequest("GET /after", null, null, null)) {
			assertThat(after.getToken().isCancelled()).isFalse();
		}
	}

	private void awaitRelease() {
		try {
			this.release.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
