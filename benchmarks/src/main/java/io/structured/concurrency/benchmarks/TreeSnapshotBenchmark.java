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

package io.structured.concurrency.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

import io.structured.concurrency.actuate.TasksEndpoint;
import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskKind;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.core.TaskState;
import io.structured.concurrency.cpu.CpuLimit;

/**
 * Benchmark 7, tree snapshot: the time and allocation to render {@code /actuator/tasks}
 * (the starter's {@link TasksEndpoint}, written as JSON by Jackson as the actuator does)
 * with 1k, 10k and 50k live tasks, once with the endpoint's default {@code limit} of
 * {@value TasksEndpoint#DEFAULT_LIMIT} nodes and once with every node. Run with
 * {@code -prof gc} for the bytes. An operation takes milliseconds, so the warm-up has
 * more iterations than the others.
 *
 * <p>
 * The live tasks hang, {@value #TASKS_PER_SCOPE} to a scope, under one request per scope,
 * as in a service fanning out per request; so {@code tasks} live tasks make
 * {@code tasks * 5 / 4} live nodes. The registry tracks up to 100k nodes here (the
 * default {@code concurrency.tasks.max-tracked} of 10k would stop tracking, and so
 * rendering, at 10k nodes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Benchmark)
public class TreeSnapshotBenchmark {

	static final int TASKS_PER_SCOPE = 8;

	/**
	 * Live tasks in the registry.
	 */
	@Param({ "1000", "10000", "50000" })
	public int tasks;

	private final TaskRegistry registry = new TaskRegistry(100_000, 100, Duration.ofSeconds(2), false);

	private final TasksEndpoint endpoint = new TasksEndpoint(this.registry,
			() -> new CpuLimit(2, CpuLimit.Source.JVM, 2), List::of);

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<TaskNode> nodes = new ArrayList<>();

	@Setup(Level.Trial)
	public void fill() {
		for (int i = 0; i < this.tasks / TASKS_PER_SCOPE; i++) {
			CancellationToken requestToken = CancellationToken.withTimeout(Duration.ofHours(1));
			TaskNode request = this.registry.register(TaskKind.REQUEST, "GET /quotes", null, requestToken,
					TaskState.RUNNING, "req-" + i, null);
			CancellationToken scopeToken = requestToken.child();
			TaskNode scope = this.registry.register(TaskKind.SCOPE, "quotes", request, scopeToken, TaskState.RUNNING,
					null, null);
			this.nodes.add(request);
			this.nodes.add(scope);
			for (int j = 0; j < TASKS_PER_SCOPE; j++) {
				this.nodes.add(this.registry.register(TaskKind.TASK, "supplier-" + j, scope, scopeToken.child(),
						TaskState.RUNNING, null, null));
			}
		}
	}

	@Benchmark
	public byte[] endpointDefaultLimit() {
		return this.json.writeValueAsBytes(this.endpoint.tasks(null));
	}

	@Benchmark
	public byte[] endpointAllNodes() {
		return this.json.writeValueAsBytes(this.endpoint.tasks(Integer.MAX_VALUE));
	}

	@TearDown(Level.Trial)
	public void empty() {
		for (TaskNode node : this.nodes) {
			node.getToken().cancel(CancellationReason.SHUTDOWN);
			this.registry.finish(node, null);
		}
	}

}
