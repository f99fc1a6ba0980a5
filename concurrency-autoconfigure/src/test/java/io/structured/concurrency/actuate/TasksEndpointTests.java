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

package io.structured.concurrency.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import io.structured.concurrency.actuate.TasksEndpoint.CancelledTaskDescriptor;
import io.structured.concurrency.actuate.TasksEndpoint.ExecutorDescriptor;
import io.structured.concurrency.actuate.TasksEndpoint.TaskNodeDescriptor;
import io.structured.concurrency.actuate.TasksEndpoint.TaskSubtreeDescriptor;
import io.structured.concurrency.actuate.TasksEndpoint.TasksDescriptor;
import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskKind;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.core.TaskState;
import io.structured.concurrency.cpu.CpuLimit;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.Threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TasksEndpoint}.
 */
class TasksEndpointTests {

	private final TaskRegistry registry = new TaskRegistry(10000, 100, Duration.ofMillis(50), true);

	private final BoundedExecutor executor = new BoundedExecutor("io", this.registry, 8, 8, 4, Duration.ofSeconds(1),
			false, Threads.platform("endpoint-test"), null);

	private final TaskScopes scopes = new TaskScopes(this.registry, this.executor, RequestScope.OutlivedTasks.REPORT);

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<RequestScope> requests = new ArrayList<>();

	private final TasksEndpoint endpoint = new TasksEndpoint(this.registry,
			() -> new CpuLimit(1.5, CpuLimit.Source.CGROUP_V2, 8), () -> List.of(this.executor));

	private TasksEndpoint withThreadNames() {
		return new TasksEndpoint(this.registry, () -> new CpuLimit(1.5, CpuLimit.Source.CGROUP_V2, 8),
				() -> List.of(this.executor), true);
	}

	@AfterEach
	void release() {
		this.release.countDown();
		this.requests.forEach(RequestScope::close);
		this.executor.close();
	}

	@Test
	void tasksWhenTreeIsLargerThanLimitShouldListRootsFirstAndReportTruncation() {
		for (int i = 0; i < 3; i++) {
			openRequestWithTasks("GET /r" + i, 2);
		}
		TasksDescriptor tasks = this.endpoint.tasks(4);
		assertThat(tasks.roots()).extracting(TaskNodeDescriptor::name).containsExactly("GET /r0", "GET /r1", "GET /r2");
		assertThat(countNodes(tasks.roots())).isEqualTo(4);
		assertThat(tasks.roots().get(0).children()).hasSize(1);
		assertThat(tasks.summary().truncated()).isTrue();
		assertThat(tasks.summary().active()).isEqualTo(9);
		assertThat(tasks.summary().tracked()).isEqualTo(9);
	}

	@Test
	void tasksWhenTreeFitsLimitShouldListEveryNodeWithoutTruncation() {
		openRequestWithTasks("GET /orders/{id}", 2);
		TasksDescriptor tasks = this.endpoint.tasks(null);
		assertThat(tasks.summary().truncated()).isFalse();
		assertThat(tasks.roots()).singleElement().satisfies((request) -> {
			assertThat(request.kind()).isEqualTo(TaskKind.REQUEST);
			assertThat(request.deadline()).isNotNull();
			assertThat(request.remainingMillis()).isPositive();
			assertThat(request.stack()).isNull();
			assertThat(request.children()).hasSize(2).allSatisfy((child) -> {
				assertThat(child.kind()).isEqualTo(TaskKind.TASK);
				assertThat(child.stack()).isNull();
			});
		});
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.endpoint.tasks(null).roots().get(0).children(),
					(children) -> children.stream().allMatch((child) -> child.state() == TaskState.RUNNING));
		assertThat(this.endpoint.tasks(null).roots().get(0).children())
			.allSatisfy((child) -> assertThat(child.thread()).isNull());
		assertThat(withThreadNames().tasks(null).roots().get(0).children())
			.allSatisfy((child) -> assertThat(child.thread()).startsWith("endpoint-test-"));
	}

	@Test
	void tasksWhenLimitIsZeroShouldListNoNode() {
		openRequestWithTasks("GET /a", 1);
		TasksDescriptor tasks = this.endpoint.tasks(0);
		assertThat(tasks.roots()).isEmpty();
		assertThat(tasks.summary().truncated()).isTrue();
	}

	@Test
	void tasksWhenLimitIsNegativeShouldThrow() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class).isThrownBy(() -> this.endpoint.tasks(-1))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("'limit' must not be negative"));
	}

	@Test
	void tasksWhenRequestNameHasQueryShouldLeaveQueryOut() {
		openRequestWithTasks("GET /search?q=secret", 0);
		assertThat(this.endpoint.tasks(null).roots()).singleElement()
			.satisfies((request) -> assertThat(request.name()).isEqualTo("GET /search"));
	}

	@Test
	void tasksShouldDescribeCpuLimitUnrounded() {
		assertThat(this.endpoint.tasks(null).cpu())
			.isEqualTo(new TasksEndpoint.CpuDescriptor(1.5, CpuLimit.Source.CGROUP_V2, 8));
	}

	@Test
	void tasksShouldDescribeExecutors() {
		openRequestWithTasks("GET /a", 2);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.executor.getActiveCount() == 2);
		ExecutorDescriptor io = this.endpoint.tasks(null).executors().get("io");
		assertThat(io).isEqualTo(new ExecutorDescriptor(8, 8, 2, 2, 0, 4, 0, 0));
	}

	@Test
	void tasksShouldListLeaksWithOwnerAndCreationSite() {
		RequestScope request = this.scopes.openRequest("POST /fire?token=secret", null, null, null);
		this.executor.execute(this::awaitRelease);
		request.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.endpoint.tasks(null).leaks().isEmpty());
		TasksDescriptor tasks = this.endpoint.tasks(null);
		assertThat(tasks.summary().leaked()).isOne();
		assertThat(tasks.leaks()).singleElement().satisfies((leak) -> {
			assertThat(leak.owner()).isEqualTo("POST /fire");
			assertThat(leak.reason()).hasToString("OUTLIVED_SCOPE");
			assertThat(leak.thread()).isNull();
			assertThat(leak.creationSite()).isNotEmpty();
		});
		assertThat(withThreadNames().tasks(null).leaks()).singleElement()
			.satisfies((leak) -> assertThat(leak.thread()).startsWith("endpoint-test-"));
	}

	@Test
	void taskShouldDescribeSubtreeWithStacksOfRunningThreads() {
		RequestScope request = openRequestWithTasks("GET /a", 2);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.executor.getActiveCount() == 2);
		TaskSubtreeDescriptor subtree = Objects.requireNonNull(this.endpoint.task(request.getNode().getId(), null));
		assertThat(subtree.truncated()).isFalse();
		assertThat(subtree.node().stack()).as("request thread is not tracked").isNull();
		assertThat(subtree.node().children()).hasSize(2)
			.allSatisfy((child) -> assertThat(child.stack()).isNotEmpty()
				.anySatisfy((frame) -> assertThat(frame).contains("CountDownLatch.await")));
	}

	@Test
	void taskWhenLimitIsSmallerThanSubtreeShouldReportTruncation() {
		RequestScope request = openRequestWithTasks("GET /a", 3);
		TaskSubtreeDescriptor subtree = Objects.requireNonNull(this.endpoint.task(request.getNode().getId(), 2));
		assertThat(subtree.node().children()).hasSize(1);
		assertThat(subtree.truncated()).isTrue();
	}

	@Test
	void taskWhenUnknownShouldReturnNull() {
		assertThat(this.endpoint.task(12345, null)).isNull();
	}

	@Test
	void cancelShouldCancelSubtreeWithReasonManual() throws Exception {
		RequestScope request = this.scopes.openRequest("GET /a", null, null, null);
		this.requests.add(request);
		TaskFuture<?> child = this.executor.submit("child", () -> {
			awaitRelease();
			return null;
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.executor.getActiveCount() == 1);
		CancelledTaskDescriptor cancelled = this.endpoint.cancel(request.getNode().getId());
		assertThat(cancelled).isEqualTo(
				new CancelledTaskDescriptor(request.getNode().getId(), "GET /a", true, CancellationReason.MANUAL));
		assertThat(request.getToken().getReason()).isEqualTo(CancellationReason.MANUAL);
		assertThat(child.getToken().getReason()).isEqualTo(CancellationReason.MANUAL.inherited());
		await().atMost(Duration.ofSeconds(5)).until(child::isDone);
		assertThat(this.endpoint.cancel(request.getNode().getId()))
			.satisfies((again) -> assertThat(again.cancelled()).isFalse());
	}

	@Test
	void cancelWhenUnknownShouldReturnNull() {
		assertThat(this.endpoint.cancel(12345)).isNull();
	}

	private RequestScope openRequestWithTasks(String name, int tasks) {
		RequestScope request = this.scopes.openRequest(name, Duration.ofMinutes(1), "req-header-value", null);
		this.requests.add(request);
		try {
			for (int i = 0; i < tasks; i++) {
				this.executor.execute("task-" + i, this::awaitRelease);
			}
		}
		finally {
			request.detachFromThread();
		}
		return request;
	}

	private void awaitRelease() {
		try {
			this.release.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int countNodes(List<TaskNodeDescriptor> nodes) {
		int count = 0;
		for (TaskNodeDescriptor node : nodes) {
			count += 1 + countNodes(node.children());
		}
		return count;
	}

}
