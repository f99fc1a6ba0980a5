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

package io.structured.concurrency.benchmarks;

import java.util.function.Function;

/**
 * Runs an action under a given number of framework stack frames, as code submitting a
 * task from a servlet request runs under the frames of Tomcat and Spring MVC.
 *
 * <p>
 * Each frame is a frame of {@code java.util.function.Function}, which the task registry
 * skips when it looks for the creation site of a task, exactly as it skips the frames of
 * Tomcat and Spring. The same wrapping is applied to every variant of a benchmark, so
 * only the code that walks the stack pays for the depth.
 */
final class Frames {

	private Frames() {
	}

	/**
	 * Wrap an action so that it runs under {@code depth} extra framework frames.
	 * @param depth the number of frames
	 * @param action the action
	 * @return the wrapped action
	 */
	static Function<Object, Object> under(int depth, Function<Object, Object> action) {
		Function<Object, Object> wrapped = action;
		for (int i = 0; i < depth; i++) {
			wrapped = Function.identity().andThen(wrapped);
		}
		return wrapped;
	}

}
