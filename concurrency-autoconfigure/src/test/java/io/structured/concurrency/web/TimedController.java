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

package io.structured.concurrency.web;

import java.util.concurrent.TimeUnit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.web.servlet.RequestTimeout;

/**
 * Handlers with timeouts of their own; each answers the milliseconds left at dispatch.
 */
@RestController
@RequestTimeout("${test.timed.class-timeout:1500ms}")
class TimedController {

	@GetMapping("/timed/class")
	long classTimeout() {
		return remainingMillis();
	}

	@GetMapping("/timed/short")
	@RequestTimeout("300")
	long shortTimeout() {
		return remainingMillis();
	}

	@GetMapping("/timed/long")
	@RequestTimeout("2m")
	long longTimeout() {
		return remainingMillis();
	}

	static long remainingMillis() {
		CancellationToken token = TaskContext.currentToken();
		return (token != null) ? TimeUnit.NANOSECONDS.toMillis(token.remainingNanos()) : -1;
	}

}
