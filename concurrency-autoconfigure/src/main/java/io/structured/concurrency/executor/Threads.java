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
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Thread factories for the bounded executors.
 *
 * @since 0.1.0
 */
public final class Threads {

	private Threads() {
	}

	/**
	 * Return whether this JVM runs virtual threads (Java 21 or later).
	 * @return {@code true} if virtual threads are available
	 */
	public static boolean virtualThreadsAvailable() {
		return Runtime.version().feature() >= 21;
	}

	/**
	 * Create a factory of daemon platform threads named {@code prefix-1},
	 * {@code prefix-2} and so on.
	 * @param prefix the name prefix
	 * @return the factory
	 */
	public static ThreadFactory platform(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Create a factory of virtual threads named after the prefix.
	 * @param prefix the name prefix
	 * @return the factory
	 * @throws UnsupportedOperationException before Java 21
	 */
	public static ThreadFactory virtual(String prefix) {
		return new VirtualThreadTaskExecutor(prefix + "-").getVirtualThreadFactory();
	}

}
