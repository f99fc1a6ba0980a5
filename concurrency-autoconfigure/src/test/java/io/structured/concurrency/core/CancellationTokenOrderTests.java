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

import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the order in which {@link CancellationToken} cancels its children and runs
 * its callbacks.
 */
class CancellationTokenOrderTests {

	@Test
	void cancelShouldCancelDescendantsBeforeRunningCallbacksRegisteredEarlier() {
		CancellationToken parent = CancellationToken.create();
		AtomicReference<@Nullable CancellationReason> grandchildReasonSeen = new AtomicReference<>();
		CancellationToken[] grandchild = new CancellationToken[1];
		parent.onCancel((reason) -> grandchildReasonSeen.set(grandchild[0].getReason()));
		grandchild[0] = parent.child().child();
		parent.cancel(CancellationReason.DEADLINE);
		assertThat(grandchildReasonSeen).hasValue(CancellationReason.DEADLINE);
	}

}
