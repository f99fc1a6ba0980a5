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

package io.structured.concurrency.sample.leak;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.core.TaskFuture;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.sample.WholeNumber;

/**
 * Starts a report export the wrong way, on purpose: as fire-and-forget work on the
 * {@code io} executor that swallows interrupts. The request answers 202 at once, the
 * export outlives it, and the task tree reports it as leaked once the grace period has
 * passed.
 */
@RestController
class LeakController {

	/**
	 * Longest run asked for, in milliseconds.
	 */
	static final long MAX_MILLIS = 60_000;

	private static final String TASK_NAME = "legacy-report-export";

	private final BoundedExecutor io;

	LeakController(@Qualifier(ConcurrencyAutoConfiguration.IO_EXECUTOR_BEAN_NAME) BoundedExecutor io) {
		this.io = io;
	}

	@GetMapping("/leak")
	ResponseEntity<LeakStarted> leak(@RequestParam("millis") String value) {
		long millis = WholeNumber.parse("'millis'", value, 1, MAX_MILLIS);
		TaskFuture<?> task = this.io.execute(TASK_NAME, () -> exportIgnoringInterrupts(Duration.ofMillis(millis)));
		return ResponseEntity.accepted()
			.body(new LeakStarted(task.getNode().getId(), TASK_NAME, millis, "/actuator/tasks"));
	}

	/**
	 * Run for the given time whatever happens: the bug this endpoint demonstrates.
	 * @param duration how long to run
	 */
	private static void exportIgnoringInterrupts(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
			try {
				Thread.sleep(Math.max(1, left / 1_000_000));
			}
			catch (InterruptedException ex) {
				// swallowed on purpose, so that cancelling the task does not stop it
			}
		}
	}

}
