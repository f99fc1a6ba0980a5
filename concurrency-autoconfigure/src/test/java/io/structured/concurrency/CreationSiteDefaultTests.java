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

package io.structured.concurrency;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.autoconfigure.CpuLimitAutoConfiguration;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.executor.BoundedExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the default of {@code concurrency.tasks.creation-site}, chosen from the task
 * overhead benchmark: off, with unnamed tasks still named after where they were created.
 * Kept outside the library's packages, whose frames the creation site skips.
 */
class CreationSiteDefaultTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class));

	@Test
	void creationSitesShouldBeOffByDefaultWithTasksStillNamed() {
		this.runner.run((context) -> {
			assertThat(context.getBean(TaskRegistry.class).isCreationSite()).isFalse();
			TaskNode node = runUnnamedTask(
					context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME, BoundedExecutor.class));
			assertThat(node.getCreationSite()).isNull();
			assertThat(node.getName()).isEqualTo("CreationSiteDefaultTests.runUnnamedTask");
		});
	}

	@Test
	void creationSitesShouldBeRecordedWhenTurnedOn() {
		this.runner.withPropertyValues("concurrency.tasks.creation-site=true").run((context) -> {
			assertThat(context.getBean(TaskRegistry.class).isCreationSite()).isTrue();
			TaskNode node = runUnnamedTask(
					context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME, BoundedExecutor.class));
			assertThat(node.getCreationSite()).first()
				.asString()
				.startsWith("io.structured.concurrency.CreationSiteDefaultTests.runUnnamedTask(");
		});
	}

	private static TaskNode runUnnamedTask(BoundedExecutor executor) throws Exception {
		AtomicReference<TaskNode> node = new AtomicReference<>();
		executor.submit(() -> {
			node.set(TaskContext.current().node());
			return null;
		}).get(5, TimeUnit.SECONDS);
		return node.get();
	}

}
