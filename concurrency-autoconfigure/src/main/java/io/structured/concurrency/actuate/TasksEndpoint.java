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

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.LeakReason;
import io.structured.concurrency.core.LeakRecord;
import io.structured.concurrency.core.TaskKind;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskState;
import io.structured.concurrency.cpu.CpuLimit;
import io.structured.concurrency.executor.BoundedExecutor;

/**
 * {@link Endpoint @Endpoint} that exposes the live task tree, the leaked tasks, the CPU
 * limit and the state of the bounded executors.
 *
 * <p>
 * The main view lists at most {@code limit} nodes, roots first and then level by level,
 * and never captures stacks, so that it stays cheap with tens of thousands of live tasks.
 * It names requests after their route pattern and leaves thread names out unless asked to
 * show them, so that it can be exposed more widely than the view of one node, which adds
 * the name and current stack of each thread running in its subtree. Cancelling a node
 * needs unrestricted access to the endpoint.
 *
 * @since 0.1.0
 */
@Endpoint(id = "tasks", defaultAccess = Access.READ_ONLY)
public class TasksEndpoint {

	/**
	 * Number of nodes listed when no {@code limit} is given.
	 */
	public static final int DEFAULT_LIMIT = 1000;

	private static final int MAX_STACK_FRAMES = 128;

	private final TaskRegistry registry;

	private final Supplier<CpuLimit> cpuLimit;

	private final Supplier<? extends Collection<BoundedExecutor>> executors;

	private final boolean showThreadNames;

	/**
	 * Create a new endpoint whose main view leaves thread names out.
	 * @param registry the registry of live tasks
	 * @param cpuLimit supplies the CPU limit to report
	 * @param executors supplies the executors to report
	 */
	public TasksEndpoint(TaskRegistry registry, Supplier<CpuLimit> cpuLimit,
			Supplier<? extends Collection<BoundedExecutor>> executors) {
		this(registry, cpuLimit, executors, false);
	}

	/**
	 * Create a new endpoint.
	 * @param registry the registry of live tasks
	 * @param cpuLimit supplies the CPU limit to report
	 * @param executors supplies the executors to report
	 * @param showThreadNames whether the main view names the thread of each running task;
	 * the view of one node always does
	 */
	public TasksEndpoint(TaskRegistry registry, Supplier<CpuLimit> cpuLimit,
			Supplier<? extends Collection<BoundedExecutor>> executors, boolean showThreadNames) {
		this.registry = registry;
		this.cpuLimit = cpuLimit;
		this.executors = executors;
		this.showThreadNames = showThreadNames;
	}

	/**
	 * Describe the CPU limit, the executors, the live task tree and the leaks.
	 * @param limit the maximum number of nodes to list, {@value #DEFAULT_LIMIT} if
	 * {@code null}
	 * @return the description
	 */
	@ReadOperation
	public TasksDescriptor tasks(@Nullable Integer limit) {
		TreeWriter tree = new TreeWriter(checkLimit(limit), this.showThreadNames, false);
		List<TaskNodeDescriptor> roots = tree.describe(this.registry.getRoots());
		int active = this.registry.getActiveCount();
		int tracked = this.registry.getTrackedCount();
		SummaryDescriptor summary = new SummaryDescriptor(active, this.registry.getLeakedCount(), tracked,
				tree.truncated || active > tracked);
		return new TasksDescriptor(describeCpu(), describeExecutors(), summary, roots, describeLeaks());
	}

	/**
	 * Describe one node and its subtree, with the current stack of each running thread.
	 * @param id the node's id
	 * @param limit the maximum number of nodes to list, {@value #DEFAULT_LIMIT} if
	 * {@code null}
	 * @return the description, or {@code null} if no such node is live and tracked
	 */
	@ReadOperation
	public @Nullable TaskSubtreeDescriptor task(@Selector long id, @Nullable Integer limit) {
		TaskNode node = this.registry.get(id);
		if (node == null) {
			return null;
		}
		TreeWriter tree = new TreeWriter(checkLimit(limit), true, true);
		List<TaskNodeDescriptor> described = tree.describe(List.of(node));
		if (described.isEmpty()) {
			return null;
		}
		return new TaskSubtreeDescriptor(described.get(0), tree.truncated);
	}

	/**
	 * Cancel a node and, through it, its subtree, with reason
	 * {@link CancellationReason#MANUAL}. Descendants see the reason their tokens derive
	 * from it.
	 * @param id the node's id
	 * @return what was cancelled, or {@code null} if no such node is live and tracked
	 */
	@DeleteOperation
	public @Nullable CancelledTaskDescriptor cancel(@Selector long id) {
		TaskNode node = this.registry.get(id);
		if (node == null) {
			return null;
		}
		CancellationToken token = node.getToken();
		boolean cancelled = token.cancel(CancellationReason.MANUAL);
		CancellationReason reason = token.getReason();
		return new CancelledTaskDescriptor(node.getId(), safeName(node), cancelled,
				(reason != null) ? reason : CancellationReason.MANUAL);
	}

	private static int checkLimit(@Nullable Integer limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		if (limit < 0) {
			throw new InvalidEndpointRequestException("Limit must not be negative, was " + limit,
					"'limit' must not be negative");
		}
		return limit;
	}

	private CpuDescriptor describeCpu() {
		CpuLimit cpu = this.cpuLimit.get();
		return new CpuDescriptor(cpu.limit(), cpu.source(), cpu.availableProcessors());
	}

	private Map<String, ExecutorDescriptor> describeExecutors() {
		Map<String, ExecutorDescriptor> executors = new LinkedHashMap<>();
		this.executors.get()
			.stream()
			.sorted(Comparator.comparing(BoundedExecutor::getName))
			.forEach((executor) -> executors.put(executor.getName(), ExecutorDescriptor.of(executor)));
		return executors;
	}

	private List<LeakDescriptor> describeLeaks() {
		List<LeakRecord> leaks = this.registry.getLeaks();
		List<LeakDescriptor> descriptors = new ArrayList<>(leaks.size());
		for (LeakRecord leak : leaks) {
			descriptors.add(LeakDescriptor.of(leak, this.showThreadNames));
		}
		return descriptors;
	}

	// for a request, anything from a query string on is left out
	static String safeName(TaskNode node) {
		return (node.getKind() == TaskKind.REQUEST) ? withoutQuery(node.getName()) : node.getName();
	}

	static String withoutQuery(String name) {
		int query = name.indexOf('?');
		return (query >= 0) ? name.substring(0, query) : name;
	}

	private static @Nullable List<String> stackOf(@Nullable Thread thread) {
		if (thread == null) {
			return null;
		}
		StackTraceElement[] frames = thread.getStackTrace();
		int shown = Math.min(frames.length, MAX_STACK_FRAMES);
		List<String> stack = new ArrayList<>(shown + 1);
		for (int i = 0; i < shown; i++) {
			stack.add(frames[i].toString());
		}
		if (frames.length > shown) {
			stack.add("... " + (frames.length - shown) + " more");
		}
		return stack;
	}

	/**
	 * Describes nodes breadth-first, roots first, up to a number of nodes.
	 */
	private static final class TreeWriter {

		private static final Comparator<TaskNode> BY_ID = Comparator.comparingLong(TaskNode::getId);

		private final boolean threads;

		private final boolean stacks;

		private int budget;

		private boolean truncated;

		TreeWriter(int budget, boolean threads, boolean stacks) {
			this.budget = budget;
			this.threads = threads;
			this.stacks = stacks;
		}

		List<TaskNodeDescriptor> describe(Collection<TaskNode> roots) {
			List<TaskNodeDescriptor> described = new ArrayList<>();
			ArrayDeque<Pending> pending = new ArrayDeque<>();
			addAll(roots, described, pending);
			while (!pending.isEmpty() && !this.truncated) {
				Pending next = pending.poll();
				TaskNode[] children = next.node().getChildren().toArray(new TaskNode[0]);
				Arrays.sort(children, BY_ID);
				addAll(Arrays.asList(children), next.children(), pending);
			}
			return described;
		}

		private void addAll(Collection<TaskNode> nodes, List<TaskNodeDescriptor> target, ArrayDeque<Pending> pending) {
			for (TaskNode node : nodes) {
				if (node.isFinished()) {
					continue;
				}
				if (this.budget == 0) {
					this.truncated = true;
					return;
				}
				this.budget--;
				TaskNodeDescriptor descriptor = describe(node);
				target.add(descriptor);
				pending.add(new Pending(node, descriptor.children()));
			}
		}

		private TaskNodeDescriptor describe(TaskNode node) {
			Thread thread = node.getThread();
			CancellationToken token = node.getToken();
			Instant deadline = token.getDeadline();
			Long remaining = token.hasDeadline() ? token.remainingNanos() / 1_000_000 : null;
			return new TaskNodeDescriptor(node.getId(), node.getKind(), safeName(node), node.getState(),
					(thread != null && this.threads) ? thread.getName() : null, node.getStartedAt().toString(),
					node.getAgeMillis(), (deadline != null) ? deadline.toString() : null, remaining, token.getReason(),
					this.stacks ? stackOf(thread) : null, new ArrayList<>());
		}

		private record Pending(TaskNode node, List<TaskNodeDescriptor> children) {
		}

	}

	/**
	 * Description of the CPU limit, the executors, the live task tree and the leaks.
	 *
	 * @param cpu the CPU limit
	 * @param executors the executors, keyed by name
	 * @param summary counts of live and leaked tasks
	 * @param roots the roots of the live tree, with their descendants
	 * @param leaks the leaks kept, oldest first
	 */
	public record TasksDescriptor(CpuDescriptor cpu, Map<String, ExecutorDescriptor> executors,
			SummaryDescriptor summary, List<TaskNodeDescriptor> roots,
			List<LeakDescriptor> leaks) implements OperationResponseBody {

	}

	/**
	 * Description of the CPU limit.
	 *
	 * @param limit the limit, unrounded
	 * @param source where the limit comes from
	 * @param availableProcessors the processor count the JVM reports
	 */
	public record CpuDescriptor(double limit, CpuLimit.Source source, int availableProcessors) {

	}

	/**
	 * Description of a bounded executor.
	 *
	 * @param corePoolSize the number of threads kept
	 * @param maxPoolSize the maximum number of threads
	 * @param poolSize the current number of threads
	 * @param active the number of threads running tasks
	 * @param queued the number of tasks waiting
	 * @param queueCapacity the capacity of the queue, -1 if unbounded
	 * @param completed the number of tasks run to completion
	 * @param rejected the number of tasks refused
	 */
	public record ExecutorDescriptor(int corePoolSize, int maxPoolSize, int poolSize, int active, int queued,
			int queueCapacity, long completed, long rejected) {

		static ExecutorDescriptor of(BoundedExecutor executor) {
			return new ExecutorDescriptor(executor.getCorePoolSize(), executor.getMaxPoolSize(), executor.getPoolSize(),
					executor.getActiveCount(), executor.getQueueSize(), executor.getQueueCapacity(),
					executor.getCompletedTaskCount(), executor.getRejectedCount());
		}

	}

	/**
	 * Counts of live and leaked tasks.
	 *
	 * @param active the number of live nodes, tracked or not
	 * @param leaked the number of leaked tasks still running
	 * @param tracked the number of live nodes in the registry
	 * @param truncated whether live nodes were left out of the response
	 */
	public record SummaryDescriptor(int active, int leaked, int tracked, boolean truncated) {

	}

	/**
	 * Description of a live node. Fields without a value are written as {@code null}.
	 *
	 * @param id the node's id
	 * @param kind the kind of node
	 * @param name the node's name
	 * @param state the node's state
	 * @param thread the name of the thread running the task, if it runs and thread names
	 * are shown
	 * @param startedAt when the node was created, in ISO-8601 form
	 * @param ageMillis the time since the node was created
	 * @param deadline the deadline, in ISO-8601 form, if there is one
	 * @param remainingMillis the time left until the deadline, if there is one
	 * @param cancelReason why the node was cancelled, if it was
	 * @param stack the current stack of the thread, only in the view of one node
	 * @param children the node's live children
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record TaskNodeDescriptor(long id, TaskKind kind, String name, TaskState state, @Nullable String thread,
			String startedAt, long ageMillis, @Nullable String deadline, @Nullable Long remainingMillis,
			@Nullable CancellationReason cancelReason,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<String> stack,
			List<TaskNodeDescriptor> children) {

	}

	/**
	 * Description of a leaked task. Fields without a value are written as {@code null}.
	 *
	 * @param id the task's id
	 * @param name the task's name
	 * @param reason why the task counts as leaked
	 * @param owner the name of the request or root task the task belonged to
	 * @param ageMillis the time since the task was created
	 * @param thread the name of the thread running the task, if it still runs and thread
	 * names are shown
	 * @param creationSite where the task was created, empty if not recorded
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record LeakDescriptor(long id, String name, LeakReason reason, String owner, long ageMillis,
			@Nullable String thread, List<String> creationSite) {

		static LeakDescriptor of(LeakRecord leak, boolean showThreadName) {
			TaskNode node = leak.node();
			Thread thread = node.getThread();
			List<String> site = leak.getCreationSite();
			String owner = (node.getRoot().getKind() == TaskKind.REQUEST) ? withoutQuery(leak.owner()) : leak.owner();
			return new LeakDescriptor(leak.getId(), safeName(node), leak.reason(), owner, node.getAgeMillis(),
					(thread != null && showThreadName) ? thread.getName() : null, (site != null) ? site : List.of());
		}

	}

	/**
	 * Description of one node and its subtree, with stacks.
	 *
	 * @param node the node, with its descendants
	 * @param truncated whether descendants were left out of the response
	 */
	public record TaskSubtreeDescriptor(TaskNodeDescriptor node, boolean truncated) implements OperationResponseBody {

	}

	/**
	 * Outcome of cancelling a node.
	 *
	 * @param id the node's id
	 * @param name the node's name
	 * @param cancelled whether this request cancelled the node, {@code false} if it was
	 * cancelled already
	 * @param reason the reason the node's token carries
	 */
	public record CancelledTaskDescriptor(long id, String name, boolean cancelled,
			CancellationReason reason) implements OperationResponseBody {

	}

}
