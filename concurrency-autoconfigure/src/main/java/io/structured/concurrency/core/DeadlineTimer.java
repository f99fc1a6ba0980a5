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

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread that fires deadlines and leak checks. Its actions only flip state
 * and interrupt threads, so a single thread keeps up with any number of tokens.
 */
final class DeadlineTimer {

	private static final ScheduledThreadPoolExecutor timer = createTimer();

	private DeadlineTimer() {
	}

	private static ScheduledThreadPoolExecutor createTimer() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "concurrency-timer");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

	static ScheduledFuture<?> schedule(Runnable action, long delayNanos) {
		return timer.schedule(() -> runSafely(action), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
	}

	private static void runSafely(Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			// A failing callback must not kill the timer thread for every other token
			Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), ex);
		}
	}

}
