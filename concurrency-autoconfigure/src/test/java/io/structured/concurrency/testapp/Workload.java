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

package io.structured.concurrency.testapp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.structured.concurrency.core.RequestScope;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.core.TaskScope;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.executor.BoundedExecutor;

import static org.awaitility.Awaitility.await;

/**
 * Starts requests and tasks that block until {@link #release() released}, for tests of
 * the task tree.
 */
public class Workload {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final TaskScopes scopes;

	private final BoundedExecutor io;

	private final List<RequestScope> open = new ArrayList<>();

	private volatile CountDownLatch release = new CountDownLatch(1);

	Workload(TaskScopes scopes, BoundedExecutor io) {
		this.scopes = scopes;
		this.io = io;
	}

	/**
	 * Open a request with a 30 s deadline and three running children: two that wait to be
	 * released and one that was cancelled, without an interrupt, but waits on. The
	 * request's thread is left as it was.
	 * @param name the request's name
	 * @return the request, closed by {@link #release()}
	 * @throws InterruptedException if interrupted while waiting for the children to start
	 */
	public RequestScope openRequest(String name) throws InterruptedException {
		CountDownLatch latch = this.release;
		CountDownLatch started = new CountDownLatch(3);
		RequestScope request = this.scopes.openRequest(name, WAIT, "req-header-value", null);
		synchronized (this.open) {
			this.open.add(request);
		}
		try {
			this.io.execute("fetch-prices", () -> startAndAwait(started, latch));
			this.io.execute("fetch-stock", () -> startAndAwait(started, latch));
			TaskFuture<Object> stubborn = this.io.submit("ignores-cancel", () -> {
				started.countDown();
				awaitUninterruptibly(latch);
				return null;
			});
			if (!started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("Tasks did not start");
			}
			stubborn.cancel(false);
		}
		finally {
			request.detachFromThread();
		}
		return request;
	}

	/**
	 * Fork two children of the current request or task in a scope and wait, on the
	 * calling thread, until they are {@link #release() released}.
	 * @throws InterruptedException if interrupted while waiting
	 */
	public void forkAndAwaitRelease() throws InterruptedException {
		CountDownLatch latch = this.release;
		CountDownLatch started = new CountDownLatch(2);
		try (TaskScope scope = this.scopes.open("lookup")) {
			scope.fork("fetch-prices", () -> {
				startAndAwait(started, latch);
				return null;
			});
			scope.fork("fetch-stock", () -> {
				startAndAwait(started, latch);
				return null;
			});
			scope.join();
		}
	}

	/**
	 * Run a request that starts a task and ends without waiting for it.
	 * @param name the request's name
	 * @return the id of the task
	 */
	public long fireAndForget(String name) {
		CountDownLatch latch = this.release;
		try (RequestScope request = this.scopes.openRequest(name, null, "req-header-value", null)) {
			return this.io.execute("audit", () -> awaitUninterruptibly(latch)).getNode().getId();
		}
	}

	/**
	 * Let every task end, close the open requests and start afresh.
	 */
	public void release() {
		this.release.countDown();
		this.release = new CountDownLatch(1);
		synchronized (this.open) {
			this.open.forEach(RequestScope::close);
			this.open.clear();
		}
	}

	/**
	 * {@link #release() Release} every task and wait until the registry has no live node
	 * left.
	 */
	public void releaseAndAwaitIdle() {
		release();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.scopes.getRegistry().getActiveCount() == 0);
	}

	private static void startAndAwait(CountDownLatch started, CountDownLatch latch) {
		started.countDown();
		try {
			latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		long end = System.nanoTime() + WAIT.toNanos();
		while (latch.getCount() > 0 && System.nanoTime() < end) {
			try {
				latch.await(end - System.nanoTime(), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				// ignores interruption on purpose, like a task that does not honour
				// cancellation
			}
		}
	}

}
