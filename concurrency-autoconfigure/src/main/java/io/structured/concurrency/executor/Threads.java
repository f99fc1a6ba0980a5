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

/**
 * Thread factories for the bounded executors. Threads they make do not inherit the
 * inheritable thread-locals of the thread that happens to create them, the submitter of a
 * task, so that nothing of one request stays on a pooled thread (nor is copied into each
 * virtual thread).
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
			Thread thread = new Thread(null, runnable, prefix + "-" + count.incrementAndGet(), 0, false);
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Create a factory of virtual threads named {@code prefix-0}, {@code prefix-1} and so
	 * on.
	 * @param prefix the name prefix
	 * @return the factory
	 * @throws UnsupportedOperationException before Java 21
	 */
	public static ThreadFactory virtual(String prefix) {
		// Thread.ofVirtual() is Java 21 API and this class compiles for Java 17
		try {
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix + "-", 0L);
			builder = builderType.getMethod("inheritInheritableThreadLocals", boolean.class).invoke(builder, false);
			return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
		}
		catch (ReflectiveOperationException ex) {
			throw new UnsupportedOperationException("Virtual threads need Java 21 or later", ex);
		}
	}

}
