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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link TasksEndpoint} with 50 000 live tasks, all tracked (case LK-03). Runs
 * in a JVM of its own with a heap of 256 MB, on Java 21+ because the tasks run on virtual
 * threads.
 */
@Tag("heap-256m")
class LargeTaskTreeTests {

	@BeforeEach
	void requireVirtualThreads() {
		assumeThat(Runtime.version().feature()).as("virtual threads need Java 21+").isGreaterThanOrEqualTo(21);
	}

	@Test
	void tasksWhenAllAreTrackedShouldAnswerWithFirstThousandNodes() throws Exception {
		LargeTaskTree.run(100_000, LargeTaskTree.TASKS);
	}

}
