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
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TaskLeakLogger}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskLeakLoggerTests {

	private final TaskRegistry registry = new TaskRegistry();

	@Test
	void taskLeakedShouldLogNameReasonOwnerCreationSiteAndEndpoint(CapturedOutput output) {
		TaskLeakLogger logger = new TaskLeakLogger();
		LeakRecord leak = leak("audit", LeakReason.OUTLIVED_SCOPE);
		logger.taskLeaked(leak);
		assertThat(output.getOut()).contains("WARN")
			.contains("Task 'audit' (id " + leak.getId() + ") leaked: still running after its scope ended "
					+ "[OUTLIVED_SCOPE], owner 'POST /fire', created at "
					+ Objects.requireNonNull(leak.getCreationSite()).get(0))
			.contains("; see '/actuator/tasks'")
			.doesNotContain("more leak");
	}

	@Test
	void taskLeakedWhenLeaksComeFasterThanIntervalShouldLogOneLineAndCountTheRest(CapturedOutput output) {
		TaskLeakLogger logger = new TaskLeakLogger(Duration.ofHours(1), "/actuator/tasks");
		logger.taskLeaked(leak("first", LeakReason.IGNORED_CANCELLATION));
		logger.taskLeaked(leak("second", LeakReason.OUTLIVED_SCOPE));
		logger.taskLeaked(leak("third", LeakReason.OUTLIVED_SCOPE));
		assertThat(output.getOut()).contains("Task 'first'")
			.contains("still running after it was cancelled [IGNORED_CANCELLATION]")
			.doesNotContain("Task 'second'")
			.doesNotContain("Task 'third'");
	}

	@Test
	void taskLeakedAfterIntervalShouldReportSuppressedCount(CapturedOutput output) throws InterruptedException {
		TaskLeakLogger logger = new TaskLeakLogger(Duration.ofMillis(100), "/actuator/tasks");
		logger.taskLeaked(leak("first", LeakReason.OUTLIVED_SCOPE));
		logger.taskLeaked(leak("second", LeakReason.OUTLIVED_SCOPE));
		logger.taskLeaked(leak("third", LeakReason.OUTLIVED_SCOPE));
		Thread.sleep(150);
		logger.taskLeaked(leak("fourth", LeakReason.OUTLIVED_SCOPE));
		assertThat(output.getOut()).contains("Task 'first'")
			.contains("Task 'fourth'")
			.contains("(2 more leaks not logged since the last report)")
			.doesNotContain("Task 'second'");
	}

	private LeakRecord leak(String name, LeakReason reason) {
		TaskNode node = this.registry.register(TaskKind.TASK, name, null, CancellationToken.create(), TaskState.RUNNING,
				null, null);
		assertThat(node.getCreationSite()).isNotEmpty();
		return new LeakRecord(node, reason, "POST /fire", Instant.now());
	}

	@Test
	void taskLeakedWithoutCreationSiteShouldLeaveItOut(CapturedOutput output) {
		TaskRegistry withoutSites = new TaskRegistry(10, 10, Duration.ofSeconds(1), false);
		TaskNode node = withoutSites.register(TaskKind.TASK, "plain", null, CancellationToken.create(),
				TaskState.RUNNING, null, null);
		new TaskLeakLogger().taskLeaked(new LeakRecord(node, LeakReason.OUTLIVED_SCOPE, "GET /x", Instant.now()));
		assertThat(output.getOut()).contains("owner 'GET /x'; see '/actuator/tasks'").doesNotContain("created at");
		assertThat(List.of(output.getOut().split("\n"))).filteredOn((line) -> line.contains("Task 'plain'")).hasSize(1);
	}

}
