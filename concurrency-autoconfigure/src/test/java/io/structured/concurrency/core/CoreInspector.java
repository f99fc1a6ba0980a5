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

/**
 * Test access to state of the core that its API does not expose, for tests in other
 * packages.
 */
public final class CoreInspector {

	private CoreInspector() {
	}

	/**
	 * Return how many child tokens are still linked to the given token.
	 * @param token the token
	 * @return the number of children created and not yet released
	 */
	public static int childCount(CancellationToken token) {
		return token.childCount();
	}

}
