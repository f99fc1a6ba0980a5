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

package io.structured.concurrency.executor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.TaskKind;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskRegistry;

/**
 * Ends the work of the {@link BoundedExecutor executors} in a fixed order when the
 * application context closes.
 *
 * <h2>Timeline</h2> When the context closes, at t = 0:
 * <ol>
 * <li>The executors stop accepting tasks: a submission fails at once with Spring's
 * {@code TaskRejectedException}, which a request that forks answers with 503. Tasks
 * already accepted, queued ones included, still run.</li>
 * <li>The drain: up to {@code drain}, open requests, scopes and tasks may finish on their
 * own. The drain ends early once no task is left.</li>
 * <li>At the end of the drain, every root of the task tree (open requests, open scopes,
 * tasks outside any scope, detached tasks) is cancelled with
 * {@link CancellationReason#SHUTDOWN}, which interrupts the tasks still running. From
 * then on, every new root starts cancelled for the same reason: a request that the web
 * server still accepts is answered with 503 before its handler is called, and a scope
 * opened outside a request starts cancelled, so that nothing new keeps the shutdown, or
 * the web server's graceful shutdown after it, waiting.</li>
 * <li>The wait: up to {@code timeout}, counted from the end of the drain, for the tasks
 * to end. It ends early once no task is left.</li>
 * <li>If tasks are still running then, one WARN lists them by id and name. The executors
 * are closed afterwards, when their beans are destroyed.</li>
 * </ol>
 * Context close therefore takes at most {@code drain + timeout}, plus the time beans take
 * to be destroyed.
 *
 * <p>
 * The {@linkplain #PHASE phase} is above Spring Boot's graceful shutdown of the web
 * server, so intake stops and scopes are cancelled before the server waits for the
 * requests in flight, and those requests can end with a 503 or a cancellation instead of
 * running into the server's grace period.
 *
 * @since 0.1.0
 */
public class GracefulShutdown implements SmartLifecycle {

	/**
	 * The lifecycle phase: above Spring Boot's web server graceful shutdown phase
	 * ({@code SmartLifecycle.DEFAULT_PHASE - 1024}), so that it stops first.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final Log logger = LogFactory.getLog(GracefulShutdown.class);

	private static final long POLL_MILLIS = 5;

	private final TaskRegistry registry;

	private final List<BoundedExecutor> executors;

	private final Duration drain;

	private final Duration timeout;

	// written by the lifecycle thread, read by any thread
	private volatile boolean running;

	/**
	 * Create a new instance.
	 * @param registry the registry whose roots are cancelled
	 * @param executors the executors that stop accepting tasks
	 * @param drain how long open work may finish on its own before it is cancelled
	 * @param timeout how long to wait for cancelled tasks to end, counted from the end of
	 * the drain
	 */
	public GracefulShutdown(TaskRegistry registry, List<BoundedExecutor> executors, Duration drain, Duration timeout) {
		if (drain.isNegative()) {
			throw new IllegalArgumentException("'drain' must not be negative");
		}
		if (timeout.isNegative()) {
			throw new IllegalArgumentException("'timeout' must not be negative");
		}
		this.registry = registry;
		this.executors = List.copyOf(executors);
		this.drain = drain;
		this.timeout = timeout;
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Stop intake, drain, cancel with {@link CancellationReason#SHUTDOWN} and wait, as
	 * the class description says. Blocks for at most {@code drain + timeout}.
	 */
	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		for (BoundedExecutor executor : this.executors) {
			executor.stopAccepting();
		}
		try {
			awaitTasks(this.drain);
			this.registry.cancelRootsFromNowOn(CancellationReason.SHUTDOWN);
			if (!awaitTasks(this.timeout)) {
				warnStillRunning();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.registry.cancelRootsFromNowOn(CancellationReason.SHUTDOWN);
		}
	}

	private boolean awaitTasks(Duration duration) throws InterruptedException {
		long end = System.nanoTime() + duration.toNanos();
		while (!idle()) {
			if (System.nanoTime() - end >= 0) {
				return false;
			}
			Thread.sleep(POLL_MILLIS);
		}
		return true;
	}

	private boolean idle() {
		for (BoundedExecutor executor : this.executors) {
			if (executor.getActiveCount() > 0 || executor.getQueueSize() > 0) {
				return false;
			}
		}
		return liveTasks().isEmpty();
	}

	private List<TaskNode> liveTasks() {
		List<TaskNode> tasks = new ArrayList<>();
		for (TaskNode node : this.registry.getTracked()) {
			if (node.getKind() == TaskKind.TASK && !node.isFinished()) {
				tasks.add(node);
			}
		}
		tasks.sort(Comparator.comparingLong(TaskNode::getId));
		return tasks;
	}

	private void warnStillRunning() {
		List<TaskNode> tasks = liveTasks();
		StringJoiner listed = new StringJoiner(", ");
		for (TaskNode task : tasks) {
			listed.add("#" + task.getId() + " '" + task.getName() + "'");
		}
		int untracked = this.registry.getActiveCount() - this.registry.getTrackedCount();
		if (untracked > 0) {
			listed.add(untracked + " untracked");
		}
		if (listed.length() == 0) {
			return;
		}
		logger.warn(LogMessage.format("Shutdown waited %s for cancelled tasks to end, still running: %s",
				describe(this.timeout), listed));
	}

	private static String describe(Duration duration) {
		return "'" + duration.toString().substring(2).toLowerCase() + "'";
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Return {@code false}: pausing the context must not end the executors' intake for
	 * good.
	 * @return {@code false}
	 */
	@Override
	public boolean isPauseable() {
		return false;
	}

}
