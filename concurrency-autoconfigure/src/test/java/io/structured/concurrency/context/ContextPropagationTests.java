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

package io.structured.concurrency.context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.springframework.core.task.TaskDecorator;

import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskKind;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ContextPropagation}, {@link MdcThreadLocalAccessor} and
 * {@link TaskContextThreadLocalAccessor}, case CX-04 among them.
 */
class ContextPropagationTests {

	private static final ThreadLocal<String> b = new ThreadLocal<>();

	private final List<String> actions = new CopyOnWriteArrayList<>();

	private ExecutorService worker;

	@BeforeEach
	void startWorker() {
		this.worker = Executors.newSingleThreadExecutor();
	}

	@AfterEach
	void stopWorker() throws InterruptedException {
		this.worker.shutdownNow();
		assertThat(this.worker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		MDC.clear();
		b.remove();
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void taskDecoratorRestoresInReverseOrderAndHidesKeysMissingFromSnapshot(boolean oursFirst) throws Exception {
		ContextRegistry registry = new ContextRegistry();
		if (oursFirst) {
			ContextPropagation.registerAccessors(registry);
		}
		registry.registerThreadLocalAccessor(new MdcKeyAccessor("A", "a", this.actions));
		registry.registerThreadLocalAccessor(new ThreadLocalRecordingAccessor("B", this.actions));
		if (!oursFirst) {
			ContextPropagation.registerAccessors(registry);
		}
		TaskDecorator decorator = ContextPropagation.taskDecorator(registry);
		onWorker(() -> {
			MDC.put("a", "stale-a");
			MDC.put("tenant", "stale-tenant");
			b.remove();
		});
		MDC.put("a", "req-a");
		MDC.remove("tenant");
		b.set("req-b");
		Map<String, String> during = new HashMap<>();
		Runnable task = decorator.decorate(() -> during.putAll(snapshotOfWorker()));
		MDC.clear();
		b.remove();
		onWorker(task);
		Map<String, String> after = new HashMap<>();
		onWorker(() -> after.putAll(snapshotOfWorker()));
		assertThat(this.actions).containsExactly("set A", "set B", "restore B", "restore A");
		assertThat(during).containsEntry("a", "req-a").containsEntry("b", "req-b").doesNotContainKey("tenant");
		assertThat(after).containsEntry("a", "stale-a").containsEntry("tenant", "stale-tenant").doesNotContainKey("b");
	}

	@Test
	void taskDecoratorClearsWorkerContextWhenSubmitterHasNone() throws Exception {
		ContextRegistry registry = ContextPropagation.registerAccessors(new ContextRegistry());
		TaskDecorator decorator = ContextPropagation.taskDecorator(registry);
		TaskRegistry tasks = new TaskRegistry();
		TaskNode stale = tasks.register(TaskKind.REQUEST, "GET /stale", null, CancellationToken.create(),
				TaskState.RUNNING, "stale", null);
		onWorker(() -> {
			TaskContext.set(new TaskContext(stale, stale.getToken()));
			MDC.put("requestId", "stale");
		});
		List<Object> during = new ArrayList<>();
		Runnable task = decorator.decorate(() -> {
			during.add(String.valueOf(TaskContext.current()));
			during.add(String.valueOf(MDC.get("requestId")));
		});
		onWorker(task);
		List<Object> after = new ArrayList<>();
		onWorker(() -> {
			after.add(nodeOfCurrentContext());
			after.add(String.valueOf(MDC.get("requestId")));
		});
		assertThat(during).containsExactly("null", "null");
		assertThat(after).containsExactly(stale, "stale");
	}

	@Test
	void taskDecoratorCarriesTaskContextAndRestoresWorkerContext() throws Exception {
		ContextRegistry registry = ContextPropagation.registerAccessors(new ContextRegistry());
		TaskDecorator decorator = ContextPropagation.taskDecorator(registry);
		TaskRegistry tasks = new TaskRegistry();
		TaskNode request = tasks.register(TaskKind.REQUEST, "GET /orders", null, CancellationToken.create(),
				TaskState.RUNNING, "req-1", null);
		TaskContext previous = TaskContext.set(new TaskContext(request, request.getToken()));
		Runnable task;
		List<Object> during = new ArrayList<>();
		try {
			task = decorator.decorate(() -> during.add(nodeOfCurrentContext()));
		}
		finally {
			TaskContext.set(previous);
		}
		onWorker(task);
		List<Object> after = new ArrayList<>();
		onWorker(() -> after.add(String.valueOf(TaskContext.current())));
		assertThat(during).containsExactly(request);
		assertThat(after).containsExactly("null");
	}

	@Test
	void mdcAccessorCapturesEmptyMdcAsEmptyMap() {
		MDC.clear();
		assertThat(new MdcThreadLocalAccessor().getValue()).isNotNull().isEmpty();
	}

	@Test
	void mdcAccessorCapturesImmutableCopy() {
		MDC.put("requestId", "req-1");
		Map<String, String> captured = new MdcThreadLocalAccessor().getValue();
		MDC.put("requestId", "req-2");
		assertThat(captured).containsExactly(Map.entry("requestId", "req-1"));
	}

	@Test
	void registerAccessorsTwiceKeepsOneAccessorPerKey() {
		ContextRegistry registry = new ContextRegistry();
		ContextPropagation.registerAccessors(registry);
		ContextPropagation.registerAccessors(registry);
		assertThat(registry.getThreadLocalAccessors()).extracting(ThreadLocalAccessor::key)
			.containsExactly(TaskContextThreadLocalAccessor.KEY, MdcThreadLocalAccessor.KEY);
	}

	private static Object nodeOfCurrentContext() {
		TaskContext context = TaskContext.current();
		return (context != null) ? context.node() : "no context";
	}

	private void onWorker(Runnable runnable) throws Exception {
		this.worker.submit(runnable).get(10, TimeUnit.SECONDS);
	}

	private static Map<String, String> snapshotOfWorker() {
		Map<String, String> values = new HashMap<>();
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		if (mdc != null) {
			values.putAll(mdc);
		}
		if (b.get() != null) {
			values.put("b", b.get());
		}
		return values;
	}

	/**
	 * Accessor A of case CX-04: one MDC key, recording what it does.
	 */
	static final class MdcKeyAccessor implements ThreadLocalAccessor<String> {

		private final String name;

		private final String key;

		private final List<String> actions;

		MdcKeyAccessor(String name, String key, List<String> actions) {
			this.name = name;
			this.key = key;
			this.actions = actions;
		}

		@Override
		public Object key() {
			return "test." + this.name;
		}

		@Override
		public String getValue() {
			return MDC.get(this.key);
		}

		@Override
		public void setValue(String value) {
			this.actions.add("set " + this.name);
			MDC.put(this.key, value);
		}

		@Override
		public void setValue() {
			this.actions.add("clear " + this.name);
			MDC.remove(this.key);
		}

		@Override
		public void restore(String previousValue) {
			this.actions.add("restore " + this.name);
			MDC.put(this.key, previousValue);
		}

		@Override
		public void restore() {
			this.actions.add("restore " + this.name);
			MDC.remove(this.key);
		}

	}

	/**
	 * Accessor B of case CX-04: a custom thread-local, recording what it does.
	 */
	static final class ThreadLocalRecordingAccessor implements ThreadLocalAccessor<String> {

		private final String name;

		private final List<String> actions;

		ThreadLocalRecordingAccessor(String name, List<String> actions) {
			this.name = name;
			this.actions = actions;
		}

		@Override
		public Object key() {
			return "test." + this.name;
		}

		@Override
		public String getValue() {
			return b.get();
		}

		@Override
		public void setValue(String value) {
			this.actions.add("set " + this.name);
			b.set(value);
		}

		@Override
		public void setValue() {
			this.actions.add("clear " + this.name);
			b.remove();
		}

		@Override
		public void restore(String previousValue) {
			this.actions.add("restore " + this.name);
			b.set(previousValue);
		}

		@Override
		public void restore() {
			this.actions.add("restore " + this.name);
			b.remove();
		}

	}

}
