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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The registry of live requests, scopes and tasks, and of leaked tasks.
 *
 * <p>
 * Nodes enter when they are created and leave the moment they finish, so the registry
 * only ever holds live work. Above {@code maxTracked} live nodes, new nodes are counted
 * but not tracked: they run as usual but are left out of the tree and of leak detection.
 *
 * <p>
 * A task leaks when it is still running {@code leakGrace} after its scope ended
 * ({@link LeakReason#OUTLIVED_SCOPE}) or after it was cancelled
 * ({@link LeakReason#IGNORED_CANCELLATION}). The latest {@code maxLeaks} leaks are kept.
 *
 * <h2>Thread safety</h2> All methods may be called from any thread.
 *
 * @since 0.1.0
 */
public class TaskRegistry {

	private final int maxTracked;

	private final int maxLeaks;

	private final long leakGraceNanos;

	private final boolean creationSite;

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, TaskNode> tracked = new ConcurrentHashMap<>();

	private final AtomicInteger active = new AtomicInteger();

	private final AtomicInteger leakedRunning = new AtomicInteger();

	private final ConcurrentLinkedDeque<LeakRecord> leaks = new ConcurrentLinkedDeque<>();

	private final AtomicInteger leakCount = new AtomicInteger();

	private final List<TaskListener> listeners = new CopyOnWriteArrayList<>();

	// set once by cancelRootsFromNowOn, read by every registration
	private volatile @Nullable CancellationReason newRootsCancelled;

	/**
	 * Create a registry with the default limits: 10000 tracked nodes, 100 leaks, a grace
	 * period of 2 seconds and creation sites recorded.
	 */
	public TaskRegistry() {
		this(10000, 100, Duration.ofSeconds(2), true);
	}

	/**
	 * Create a registry.
	 * @param maxTracked maximum number of live nodes tracked
	 * @param maxLeaks maximum number of leaks kept
	 * @param leakGrace time a task may run on after its scope ended or it was cancelled
	 * @param creationSite whether to record where each task was created
	 */
	public TaskRegistry(int maxTracked, int maxLeaks, Duration leakGrace, boolean creationSite) {
		if (maxTracked < 0) {
			throw new IllegalArgumentException("'maxTracked' must not be negative");
		}
		if (maxLeaks < 0) {
			throw new IllegalArgumentException("'maxLeaks' must not be negative");
		}
		if (leakGrace.isNegative()) {
			throw new IllegalArgumentException("'leakGrace' must not be negative");
		}
		this.maxTracked = maxTracked;
		this.maxLeaks = maxLeaks;
		this.leakGraceNanos = leakGrace.toNanos();
		this.creationSite = creationSite;
	}

	/**
	 * Add a listener for task events.
	 * @param listener the listener
	 */
	public void addListener(TaskListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Remove a listener.
	 * @param listener the listener
	 */
	public void removeListener(TaskListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Create and register a node.
	 * @param kind the kind of node
	 * @param name the name, or {@code null} to derive it from the creation site
	 * @param parent the parent node, or {@code null} for a root
	 * @param token the token of the work
	 * @param state the initial state
	 * @param requestId the request id, for a request
	 * @param traceId the trace id, when known
	 * @return the new node
	 */
	public TaskNode register(TaskKind kind, @Nullable String name, @Nullable TaskNode parent, CancellationToken token,
			TaskState state, @Nullable String requestId, @Nullable String traceId) {
		List<String> site = (kind == TaskKind.TASK && this.creationSite) ? CallSite.capture() : null;
		String nodeName = (name != null) ? name : taskName(kind, site);
		this.active.incrementAndGet();
		boolean track = this.tracked.size() < this.maxTracked;
		TaskNode node = new TaskNode(this.ids.incrementAndGet(), parent, kind, nodeName, token, state, site, requestId,
				traceId, track);
		if (track) {
			this.tracked.put(node.getId(), node);
			if (parent != null) {
				parent.addChild(node);
			}
		}
		token.onCancel((reason) -> cancelled(node, reason));
		// read after the node is tracked, so that a concurrent cancelRootsFromNowOn
		// either finds the node among the roots or is seen here
		CancellationReason cancelled = this.newRootsCancelled;
		if (parent == null && cancelled != null) {
			token.cancel(cancelled);
		}
		return node;
	}

	// an unnamed task is named after its creation site; without a recorded site only the
	// first user frame is looked up, which costs a fraction of capturing the site
	private static String taskName(TaskKind kind, @Nullable List<String> site) {
		if (site != null) {
			return CallSite.taskName(site);
		}
		return (kind == TaskKind.TASK) ? CallSite.currentTaskName() : "task";
	}

	private void cancelled(TaskNode node, CancellationReason reason) {
		if (node.isFinished()) {
			return;
		}
		node.markCancelled();
		if (node.getState() == TaskState.RUNNING) {
			node.setState(TaskState.CANCELLING);
		}
		for (TaskListener listener : this.listeners) {
			listener.nodeCancelled(node, reason);
		}
		if (node.getKind() == TaskKind.TASK && node.isTracked()) {
			DeadlineTimer.schedule(() -> checkLeak(node, LeakReason.IGNORED_CANCELLATION), this.leakGraceNanos);
		}
	}

	/**
	 * Mark a queued node as running on the current thread.
	 * @param node the node
	 */
	public void started(TaskNode node) {
		node.setThread(Thread.currentThread());
		node.setState(node.getToken().isCancelled() ? TaskState.CANCELLING : TaskState.RUNNING);
	}

	/**
	 * Remove a node that has ended and release its token. Only the first call for a node
	 * counts: a node reported ended by several threads at once ends once, with the
	 * outcome of the call that came first.
	 * @param node the node
	 * @param outcome how a task ended, or {@code null} for a request or scope
	 */
	public void finish(TaskNode node, @Nullable TaskOutcome outcome) {
		if (!node.markFinished()) {
			return;
		}
		this.active.decrementAndGet();
		if (node.isTracked()) {
			this.tracked.remove(node.getId());
			TaskNode parent = node.getParent();
			if (parent != null) {
				parent.removeChild(node);
			}
		}
		if (node.isLeaked()) {
			this.leakedRunning.decrementAndGet();
		}
		node.getToken().release();
		if (outcome != null) {
			for (TaskListener listener : this.listeners) {
				listener.taskCompleted(node, outcome);
			}
		}
	}

	/**
	 * Note that the scope or request a node stands for has ended: its tasks that are
	 * still running are reported as leaked if they keep running beyond the grace period.
	 * @param scope the node of the scope that ended
	 */
	public void scopeEnded(TaskNode scope) {
		for (TaskNode child : scope.getChildren()) {
			if (child.getKind() == TaskKind.TASK && !child.isFinished()) {
				child.markScopeEnded();
				DeadlineTimer.schedule(() -> checkLeak(child, LeakReason.OUTLIVED_SCOPE), this.leakGraceNanos);
			}
		}
	}

	private void checkLeak(TaskNode node, LeakReason reason) {
		if (node.isFinished() || node.getState() == TaskState.QUEUED) {
			return;
		}
		synchronized (node) {
			if (node.isLeaked() || node.isFinished()) {
				return;
			}
			node.markLeaked();
		}
		this.leakedRunning.incrementAndGet();
		LeakRecord leak = new LeakRecord(node, reason, node.getRoot().getName(), Instant.now());
		this.leaks.addLast(leak);
		if (this.leakCount.incrementAndGet() > this.maxLeaks) {
			this.leaks.pollFirst();
			this.leakCount.decrementAndGet();
		}
		for (TaskListener listener : this.listeners) {
			listener.taskLeaked(leak);
		}
	}

	/**
	 * Return a tracked node by id.
	 * @param id the id
	 * @return the node, or {@code null} if it is not live or not tracked
	 */
	public @Nullable TaskNode get(long id) {
		return this.tracked.get(id);
	}

	/**
	 * Return the tracked live nodes.
	 * @return the nodes, in no particular order
	 */
	public Collection<TaskNode> getTracked() {
		return Collections.unmodifiableCollection(this.tracked.values());
	}

	/**
	 * Return the roots of the live tree: tracked nodes without a live tracked parent.
	 * @return the roots, oldest first
	 */
	public List<TaskNode> getRoots() {
		List<TaskNode> roots = new ArrayList<>();
		for (TaskNode node : this.tracked.values()) {
			TaskNode parent = node.getParent();
			if (parent == null || parent.isFinished() || !parent.isTracked()) {
				roots.add(node);
			}
		}
		roots.sort((a, b) -> Long.compare(a.getId(), b.getId()));
		return roots;
	}

	/**
	 * Return the leaks kept, oldest first.
	 * @return the leaks
	 */
	public List<LeakRecord> getLeaks() {
		List<LeakRecord> result = new ArrayList<>(this.leakCount.get());
		for (Iterator<LeakRecord> iterator = this.leaks.iterator(); iterator.hasNext();) {
			result.add(iterator.next());
		}
		return result;
	}

	/**
	 * Return the number of live nodes, tracked or not.
	 * @return the number of live nodes
	 */
	public int getActiveCount() {
		return this.active.get();
	}

	/**
	 * Return the number of tracked live nodes.
	 * @return the number of tracked nodes
	 */
	public int getTrackedCount() {
		return this.tracked.size();
	}

	/**
	 * Return the number of leaked tasks that are still running.
	 * @return the number of running leaked tasks
	 */
	public int getLeakedCount() {
		return this.leakedRunning.get();
	}

	/**
	 * Return whether creation sites are recorded.
	 * @return whether creation sites are recorded
	 */
	public boolean isCreationSite() {
		return this.creationSite;
	}

	/**
	 * Cancel every root node: the open requests, the open scopes outside requests and
	 * tasks submitted outside any scope.
	 * @param reason the reason
	 */
	public void cancelRoots(CancellationReason reason) {
		for (TaskNode root : getRoots()) {
			root.getToken().cancel(reason);
		}
	}

	/**
	 * Cancel every root node, as {@link #cancelRoots} does, and from now on every root
	 * node as soon as it is registered, with the same reason: an open request, scope or
	 * task outside any scope is cancelled when it starts. Used on shutdown, so that work
	 * that arrives after the cancellation cannot keep the shutdown waiting. This cannot
	 * be undone; the first reason given is kept.
	 * @param reason the reason
	 */
	public void cancelRootsFromNowOn(CancellationReason reason) {
		if (this.newRootsCancelled == null) {
			this.newRootsCancelled = reason;
		}
		cancelRoots(reason);
	}

}
