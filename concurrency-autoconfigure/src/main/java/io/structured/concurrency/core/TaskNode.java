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

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A live node of the task tree: a request, a scope or a task. A node keeps no reference
 * to the work it stands for, only to its thread while it runs, so a finished node holds
 * nothing alive.
 *
 * <p>
 * Nodes are created and finished by the {@link TaskRegistry}. Their state fields are
 * written by the thread that runs the work (or by the thread that cancels it) and read by
 * any thread.
 *
 * @since 0.1.0
 */
public final class TaskNode {

	private final long id;

	private final @Nullable TaskNode parent;

	private final TaskKind kind;

	// renamed by the request thread once the route is known
	private volatile String name;

	private final CancellationToken token;

	private final Instant startedAt;

	private final long startNanos;

	private final @Nullable List<String> creationSite;

	private final @Nullable String requestId;

	private final @Nullable String traceId;

	private final boolean tracked;

	// made with the first child, under the node's lock: most nodes are tasks that never
	// have one, and tens of thousands of them may be live
	private volatile @Nullable Set<TaskNode> children;

	// written by the worker thread, read by any
	private volatile TaskState state;

	// the worker thread while the task runs, else null
	private volatile @Nullable Thread thread;

	// nanoTime when the owning scope ended while this node still ran, 0 before
	private volatile long scopeEndedNanos;

	// nanoTime when the token was cancelled, 0 before
	private volatile long cancelledNanos;

	private volatile boolean finished;

	private volatile boolean leaked;

	TaskNode(long id, @Nullable TaskNode parent, TaskKind kind, String name, CancellationToken token, TaskState state,
			@Nullable List<String> creationSite, @Nullable String requestId, @Nullable String traceId,
			boolean tracked) {
		this.id = id;
		this.parent = parent;
		this.kind = kind;
		this.name = name;
		this.token = token;
		this.state = state;
		this.startedAt = Instant.now();
		this.startNanos = System.nanoTime();
		this.creationSite = creationSite;
		this.requestId = requestId;
		this.traceId = traceId;
		this.tracked = tracked;
	}

	public long getId() {
		return this.id;
	}

	public @Nullable TaskNode getParent() {
		return this.parent;
	}

	public TaskKind getKind() {
		return this.kind;
	}

	public String getName() {
		return this.name;
	}

	/**
	 * Rename the node, for example once the route of a request is known.
	 * @param name the new name
	 */
	public void rename(String name) {
		this.name = name;
	}

	public CancellationToken getToken() {
		return this.token;
	}

	public TaskState getState() {
		return this.state;
	}

	void setState(TaskState state) {
		this.state = state;
	}

	public @Nullable Thread getThread() {
		return this.thread;
	}

	void setThread(@Nullable Thread thread) {
		this.thread = thread;
	}

	public Instant getStartedAt() {
		return this.startedAt;
	}

	/**
	 * Return the time since the node was created, in milliseconds.
	 * @return the age
	 */
	public long getAgeMillis() {
		return (System.nanoTime() - this.startNanos) / 1_000_000;
	}

	public @Nullable List<String> getCreationSite() {
		return this.creationSite;
	}

	/**
	 * Return the id of the request this node belongs to, looked up through its ancestors.
	 * @return the request id, or {@code null} outside a request
	 */
	public @Nullable String getRequestId() {
		for (TaskNode node = this; node != null; node = node.parent) {
			if (node.requestId != null) {
				return node.requestId;
			}
		}
		return null;
	}

	/**
	 * Return the trace id of the work, looked up through its ancestors.
	 * @return the trace id, or {@code null} if none was known
	 */
	public @Nullable String getTraceId() {
		for (TaskNode node = this; node != null; node = node.parent) {
			if (node.traceId != null) {
				return node.traceId;
			}
		}
		return null;
	}

	/**
	 * Return the root of this node's tree: the request or the outermost task.
	 * @return the root node
	 */
	public TaskNode getRoot() {
		TaskNode node = this;
		while (node.parent != null) {
			node = node.parent;
		}
		return node;
	}

	/**
	 * Return whether this node is in the registry, as opposed to running above the cap of
	 * tracked nodes.
	 * @return whether the node is tracked
	 */
	public boolean isTracked() {
		return this.tracked;
	}

	/**
	 * Return the live children that are tracked.
	 * @return the children
	 */
	public Set<TaskNode> getChildren() {
		Set<TaskNode> children = this.children;
		return (children != null) ? Collections.unmodifiableSet(children) : Collections.emptySet();
	}

	void addChild(TaskNode child) {
		Set<TaskNode> children = this.children;
		if (children == null) {
			synchronized (this) {
				children = this.children;
				if (children == null) {
					children = ConcurrentHashMap.newKeySet();
					this.children = children;
				}
			}
		}
		children.add(child);
	}

	void removeChild(TaskNode child) {
		Set<TaskNode> children = this.children;
		if (children != null) {
			children.remove(child);
		}
	}

	public boolean isFinished() {
		return this.finished;
	}

	// under the node's lock, like the leak check, so that a node is finished once and a
	// leak is never recorded for a node that already finished
	boolean markFinished() {
		synchronized (this) {
			if (this.finished) {
				return false;
			}
			this.finished = true;
		}
		this.thread = null;
		return true;
	}

	public boolean isLeaked() {
		return this.leaked;
	}

	void markLeaked() {
		this.leaked = true;
	}

	long getScopeEndedNanos() {
		return this.scopeEndedNanos;
	}

	void markScopeEnded() {
		if (this.scopeEndedNanos == 0) {
			this.scopeEndedNanos = System.nanoTime();
		}
	}

	long getCancelledNanos() {
		return this.cancelledNanos;
	}

	void markCancelled() {
		if (this.cancelledNanos == 0) {
			this.cancelledNanos = System.nanoTime();
		}
	}

	@Override
	public String toString() {
		return this.kind + "#" + this.id + " '" + this.name + "'";
	}

}
