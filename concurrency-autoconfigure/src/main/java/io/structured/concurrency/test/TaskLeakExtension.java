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

package io.structured.concurrency.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.util.ClassUtils;

import io.structured.concurrency.core.TaskKind;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskRegistry;

/**
 * JUnit Jupiter extension that fails a test which leaves tasks running.
 *
 * <p>
 * When each test starts, the extension records which nodes of the {@link TaskRegistry}
 * are live. When the test ends, it waits up to a settle period (200 ms by default) for
 * the tasks the test started to end, then fails the test if any are still queued or
 * running, with a message such as {@code 1 leaked task: OrderTests.submitsAudit} that
 * lists each task with its creation site. Tasks that were live before the test started,
 * and tasks they start later, are never blamed on it, so a leak fails the test that
 * caused it and not the next one.
 *
 * <p>
 * Only the registry is consulted, never the JVM's threads: threads of the JVM and of
 * other libraries ({@code Common-Cleaner}, {@code Attach Listener},
 * {@code process reaper} and the like) are never reported. Work that bypasses the
 * registry is not seen either. Tests that run in parallel against one registry would
 * blame each other's tasks.
 *
 * <p>
 * Use it in a Spring test whose application context holds the registry, after the
 * {@link SpringExtension}: <pre class="code">
 * &#064;SpringBootTest
 * &#064;ExtendWith(TaskLeakExtension.class)
 * class OrderTests { ... }
 * </pre> or give it the registry: <pre class="code">
 * &#064;RegisterExtension
 * static TaskLeakExtension leaks = TaskLeakExtension.forRegistry(registry);
 * </pre>
 *
 * @since 0.1.0
 */
public class TaskLeakExtension implements BeforeEachCallback, AfterEachCallback {

	/**
	 * How long the extension waits, by default, for a test's tasks to end.
	 */
	public static final Duration DEFAULT_SETTLE = Duration.ofMillis(200);

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(TaskLeakExtension.class);

	private static final long POLL_MILLIS = 10;

	private static final boolean springTestPresent = ClassUtils.isPresent(
			"org.springframework.test.context.junit.jupiter.SpringExtension", TaskLeakExtension.class.getClassLoader());

	private final @Nullable TaskRegistry registry;

	private final Duration settle;

	/**
	 * Create an extension that takes the registry from the test's Spring application
	 * context.
	 */
	public TaskLeakExtension() {
		this(null, DEFAULT_SETTLE);
	}

	private TaskLeakExtension(@Nullable TaskRegistry registry, Duration settle) {
		if (settle.isNegative()) {
			throw new IllegalArgumentException("'settle' must not be negative");
		}
		this.registry = registry;
		this.settle = settle;
	}

	/**
	 * Create an extension that checks the given registry.
	 * @param registry the registry to check
	 * @return the extension
	 */
	public static TaskLeakExtension forRegistry(TaskRegistry registry) {
		return new TaskLeakExtension(registry, DEFAULT_SETTLE);
	}

	/**
	 * Return a copy of this extension that waits the given time for a test's tasks to
	 * end.
	 * @param settle the longest wait
	 * @return the new extension
	 */
	public TaskLeakExtension withSettle(Duration settle) {
		return new TaskLeakExtension(this.registry, settle);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		context.getStore(NAMESPACE).put(Baseline.class, Baseline.of(findRegistry(context)));
	}

	@Override
	public void afterEach(ExtensionContext context) throws InterruptedException {
		Baseline baseline = context.getStore(NAMESPACE).remove(Baseline.class, Baseline.class);
		if (baseline == null) {
			return;
		}
		List<TaskNode> leaked = baseline.awaitNewTasks(this.settle);
		int untracked = baseline.untracked();
		if (!leaked.isEmpty() || untracked > 0) {
			throw new AssertionFailedError(message(leaked, untracked));
		}
	}

	private TaskRegistry findRegistry(ExtensionContext context) {
		if (this.registry != null) {
			return this.registry;
		}
		TaskRegistry registry = (springTestPresent) ? SpringRegistry.find(context) : null;
		if (registry == null) {
			throw new ExtensionConfigurationException("No TaskRegistry to check for leaked tasks: register the "
					+ "extension with TaskLeakExtension.forRegistry(registry), or use it in a Spring test "
					+ "whose application context has one TaskRegistry bean");
		}
		return registry;
	}

	private static String message(List<TaskNode> leaked, int untracked) {
		StringBuilder message = new StringBuilder();
		int count = leaked.size() + untracked;
		message.append(count).append((count != 1) ? " leaked tasks: " : " leaked task: ");
		for (int i = 0; i < leaked.size(); i++) {
			message.append((i > 0) ? ", " : "").append(leaked.get(i).getName());
		}
		if (untracked > 0) {
			message.append((leaked.isEmpty()) ? "" : ", and ")
				.append(untracked)
				.append(" not tracked (above concurrency.tasks.max-tracked)");
		}
		for (TaskNode node : leaked) {
			describe(node, message);
		}
		return message.toString();
	}

	private static void describe(TaskNode node, StringBuilder message) {
		message.append(System.lineSeparator())
			.append("\ttask ")
			.append(node.getId())
			.append(" '")
			.append(node.getName())
			.append("' ")
			.append(node.getState())
			.append(" for ")
			.append(node.getAgeMillis())
			.append(" ms");
		Thread thread = node.getThread();
		if (thread != null) {
			message.append(" on thread '").append(thread.getName()).append("'");
		}
		List<String> site = node.getCreationSite();
		if (site == null || site.isEmpty()) {
			message.append(", creation site not recorded (concurrency.tasks.creation-site=false)");
			return;
		}
		message.append(", created at:");
		for (String frame : site) {
			message.append(System.lineSeparator()).append("\t\tat ").append(frame);
		}
	}

	/**
	 * The live nodes of a registry when a test started.
	 */
	private static final class Baseline {

		private final TaskRegistry registry;

		private final Set<Long> ids;

		private final int active;

		private Baseline(TaskRegistry registry, Set<Long> ids, int active) {
			this.registry = registry;
			this.ids = ids;
			this.active = active;
		}

		static Baseline of(TaskRegistry registry) {
			int active = registry.getActiveCount();
			Set<Long> ids = new HashSet<>();
			for (TaskNode node : registry.getTracked()) {
				ids.add(node.getId());
			}
			return new Baseline(registry, ids, active);
		}

		List<TaskNode> awaitNewTasks(Duration settle) throws InterruptedException {
			long end = System.nanoTime() + settle.toNanos();
			List<TaskNode> tasks = newTasks();
			while (!tasks.isEmpty() && System.nanoTime() - end < 0) {
				Thread.sleep(POLL_MILLIS);
				tasks = newTasks();
			}
			return tasks;
		}

		private List<TaskNode> newTasks() {
			List<TaskNode> tasks = new ArrayList<>();
			for (TaskNode node : this.registry.getTracked()) {
				if (node.getKind() == TaskKind.TASK && !node.isFinished() && isNew(node)) {
					tasks.add(node);
				}
			}
			tasks.sort((a, b) -> Long.compare(a.getId(), b.getId()));
			return tasks;
		}

		// new, and not started by work that was live before the test
		private boolean isNew(TaskNode node) {
			for (TaskNode current = node; current != null; current = current.getParent()) {
				if (this.ids.contains(current.getId())) {
					return false;
				}
			}
			return true;
		}

		// a lower bound of the live nodes the test started that the registry does not
		// track because it holds as many as it may
		int untracked() {
			int active = this.registry.getActiveCount();
			int untrackedNow = active - this.registry.getTrackedCount();
			if (untrackedNow <= 0) {
				return 0;
			}
			int newNodes = 0;
			for (TaskNode node : this.registry.getTracked()) {
				if (!node.isFinished() && isNew(node)) {
					newNodes++;
				}
			}
			return Math.max(0, Math.min(untrackedNow, active - this.active - newNodes));
		}

	}

	/**
	 * Finds the registry in the test's Spring application context.
	 */
	private static final class SpringRegistry {

		static @Nullable TaskRegistry find(ExtensionContext context) {
			if (!isSpringTest(context)) {
				return null;
			}
			ApplicationContext applicationContext = SpringExtension.getApplicationContext(context);
			return applicationContext.getBeanProvider(TaskRegistry.class).getIfUnique();
		}

		private static boolean isSpringTest(ExtensionContext context) {
			for (ExtensionContext current = context; current != null; current = current.getParent().orElse(null)) {
				Optional<Class<?>> testClass = current.getTestClass();
				if (testClass.isPresent()
						&& AnnotationSupport.findRepeatableAnnotations(testClass.get(), ExtendWith.class)
							.stream()
							.anyMatch((extendWith) -> List.of(extendWith.value()).contains(SpringExtension.class))) {
					return true;
				}
			}
			return false;
		}

	}

}
