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

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskNode;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.executor.Threads;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the creation site and derived names of tasks. Kept outside the library's
 * packages, whose frames the creation site skips.
 */
class CreationSiteTests {

	@Test
	void unnamedTaskShouldBeNamedAfterItsCreationSite() throws Exception {
		AtomicReference<TaskNode> node = new AtomicReference<>();
		try (BoundedExecutor executor = executor(new TaskRegistry(100, 10, Duration.ofSeconds(2), true))) {
			executor.submit(() -> {
				node.set(TaskContext.current().node());
				return null;
			}).get(5, TimeUnit.SECONDS);
		}
		assertThat(node.get().getName()).isEqualTo("CreationSiteTests.unnamedTaskShouldBeNamedAfterItsCreationSite");
		assertThat(node.get().getCreationSite()).first()
			.asString()
			.startsWith("io.structured.concurrency.CreationSiteTests.unnamedTaskShouldBeNamedAfterItsCreationSite(")
			.contains("CreationSiteTests.java:");
	}

	@Test
	void creationSiteWhenDisabledShouldBeAbsentButNameStillDerived() throws Exception {
		AtomicReference<TaskNode> node = new AtomicReference<>();
		try (BoundedExecutor executor = executor(new TaskRegistry(100, 10, Duration.ofSeconds(2), false))) {
			executor.submit(() -> {
				node.set(TaskContext.current().node());
				return null;
			}).get(5, TimeUnit.SECONDS);
			executor.submit("named", () -> null).get(5, TimeUnit.SECONDS);
		}
		assertThat(node.get().getCreationSite()).isNull();
		assertThat(node.get().getName()).startsWith("CreationSiteTests.");
	}

	private static BoundedExecutor executor(TaskRegistry registry) {
		return new BoundedExecutor("test", registry, 1, 1, 4, Duration.ofSeconds(60), false, Threads.platform("test"),
				null);
	}

}
