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

package io.structured.concurrency.executor;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link Threads}.
 */
class ThreadsTests {

	private static final InheritableThreadLocal<String> inherited = new InheritableThreadLocal<>();

	@Test
	void platformThreadsShouldBeNamedDaemonsThatInheritNoThreadLocal() throws InterruptedException {
		Thread thread = startWithInheritable(Threads.platform("p"));
		assertThat(thread.getName()).isEqualTo("p-1");
		assertThat(thread.isDaemon()).isTrue();
	}

	@Test
	void virtualThreadsShouldBeNamedAndInheritNoThreadLocal() throws InterruptedException {
		assumeThat(Threads.virtualThreadsAvailable()).as("virtual threads need Java 21+").isTrue();
		Thread thread = startWithInheritable(Threads.virtual("v"));
		assertThat(thread.getName()).isEqualTo("v-0");
		assertThat(thread.isDaemon()).isTrue();
	}

	private static Thread startWithInheritable(ThreadFactory factory) throws InterruptedException {
		AtomicReference<String> seen = new AtomicReference<>("not run");
		inherited.set("request-a");
		try {
			Thread thread = factory.newThread(() -> seen.set(String.valueOf(inherited.get())));
			thread.start();
			thread.join(10_000);
			assertThat(seen).hasValue("null");
			return thread;
		}
		finally {
			inherited.remove();
		}
	}

}
