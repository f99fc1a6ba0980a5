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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the reason with which {@link TaskScope#close()} cancels the tasks still
 * running.
 */
class TaskScopeCloseReasonTests {

	private final TaskRegistry registry = new TaskRegistry();

	@Test
	void closeShouldCancelRunningTasksWithScopeClosed() throws InterruptedException {
		ExecutorService executor = Executors.newCachedThreadPool();
		try {
			CountDownLatch started = new CountDownLatch(1);
			TaskFuture<Object> task;
			try (TaskScope scope = TaskScope.open(this.registry, executor, "scope")) {
				task = scope.fork("task", () -> {
					started.countDown();
					Thread.sleep(10_000);
					return null;
				});
				assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
			}
			assertThat(task.getToken().getReason()).isEqualTo(CancellationReason.SCOPE_CLOSED);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void closeOfACancelledScopeShouldPassItsReasonOnEvenBeforeTheCancellationReachedTheTasks()
			throws InterruptedException {
		ExecutorService executor = Executors.newCachedThreadPool();
		try {
			TaskScope scope = TaskScope.open(this.registry, executor, "scope");
			// a descendant cancelled before the task, whose callback holds the cancelling
			// thread until the owner has closed the scope
			CountDownLatch closed = new CountDownLatch(1);
			scope.getToken().child().onCancel((reason) -> {
				try {
					closed.await(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			CountDownLatch started = new CountDownLatch(1);
			TaskFuture<Object> task = scope.fork("task", () -> {
				started.countDown();
				Thread.sleep(10_000);
				return null;
			});
			assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
			Thread canceller = new Thread(() -> scope.getToken().cancel(CancellationReason.DEADLINE));
			canceller.start();
			await().atMost(Duration.ofSeconds(5)).until(scope.getToken()::isCancelled);
			assertThat(task.getToken().isCancelled()).isFalse();
			scope.close();
			closed.countDown();
			canceller.join(5000);
			assertThat(task.getToken().getReason()).isEqualTo(CancellationReason.DEADLINE);
		}
		finally {
			executor.shutdownNow();
		}
	}

}
