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

package io.structured.concurrency.reliability;

import java.util.concurrent.atomic.AtomicInteger;

import org.jetbrains.kotlinx.lincheck.execution.ExecutionResult;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.verifier.Verifier;

/**
 * A Lincheck verifier that accepts every result, the invariants being checked by the
 * models themselves, and counts the interleavings. Lincheck calls it outside the
 * interleavings it runs, so the count is not rolled back with the state of the model.
 */
public final class CountingVerifier implements Verifier {

	private static final AtomicInteger explored = new AtomicInteger();

	/**
	 * Create a verifier; Lincheck gives the sequential specification, unused here.
	 * @param sequentialSpecification the sequential specification
	 */
	public CountingVerifier(Class<?> sequentialSpecification) {
	}

	@Override
	public boolean verifyResults(ExecutionScenario scenario, ExecutionResult result) {
		explored.incrementAndGet();
		return true;
	}

	static void reset() {
		explored.set(0);
	}

	static int explored() {
		return explored.get();
	}

}
