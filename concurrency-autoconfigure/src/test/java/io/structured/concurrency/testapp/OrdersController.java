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

package io.structured.concurrency.testapp;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A route with a path variable whose requests fork children and wait to be released, so
 * that a test can look at a real request in the task tree.
 */
@RestController
class OrdersController {

	private final Workload workload;

	OrdersController(Workload workload) {
		this.workload = workload;
	}

	@GetMapping("/orders/{id}")
	String order(@PathVariable String id) throws InterruptedException {
		this.workload.forkAndAwaitRelease();
		return "order " + id;
	}

}
