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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CancellationToken}.
 */
class CancellationTokenTests {

	@Test
	void cancelWhenCalledTwiceShouldKeepTheFirstReason() {
		CancellationToken token = CancellationToken.create();
		assertThat(token.cancel(CancellationReason.MANUAL)).isTrue();
		assertThat(token.cancel(CancellationReason.SHUTDOWN)).isFalse();
		assertThat(token.getReason()).isEqualTo(CancellationReason.MANUAL);
	}

	@Test
	void cancelShouldReachDescendantsWithInheritedReason() {
		CancellationToken root = CancellationToken.create();
		CancellationToken child = root.child();
		CancellationToken grandchild = child.child();
		child.cancel(CancellationReason.MANUAL);
		assertThat(root.isCancelled()).isFalse();
		assertThat(child.getReason()).isEqualTo(CancellationReason.MANUAL);
		assertThat(grandchild.getReason()).isEqualTo(CancellationReason.PARENT_CANCELLED);
	}

	@Test
	void cancelWithEnvironmentReasonShouldReachDescendantsUnchanged() {
		for (CancellationReason reason : List.of(CancellationReason.DEADLINE, CancellationReason.SHUTDOWN,
				CancellationReason.SCOPE_CLOSED, CancellationReason.CLIENT_DISCONNECTED)) {
			CancellationToken root = CancellationToken.create();
			CancellationToken grandchild = root.child().child();
			root.cancel(reason);
			assertThat(grandchild.getReason()).isEqualTo(reason);
		}
	}

	@Test
	void deadlineWhenItPassesShouldCancelWithDeadline() throws InterruptedException {
		CancellationToken token = CancellationToken.withTimeout(Duration.ofMillis(50));
		CancellationToken child = token.child();
		assertThat(token.isCancelled()).isFalse();
		assertThat(token.awaitCancellation(Duration.ofSeconds(10))).isTrue();
		assertThat(token.getReason()).isEqualTo(CancellationReason.DEADLINE);
		assertThat(child.getReason()).isEqualTo(CancellationReason.DEADLINE);
		assertThatExceptionOfType(DeadlineExceededException.class).isThrownBy(token::throwIfCancelled);
	}

	@Test
	void withTimeoutWhenZeroShouldBeCancelledAtOnce() {
		CancellationToken token = CancellationToken.withTimeout(Duration.ZERO);
		assertThat(token.getReason()).isEqualTo(CancellationReason.DEADLINE);
		assertThat(token.getRemaining()).isEqualTo(Duration.ZERO);
	}

	@Test
	void withTimeoutWhenHugeShouldNotOverflowIntoThePast() {
		CancellationToken token = CancellationToken.withTimeout(Duration.ofSeconds(Long.MAX_VALUE));
		assertThat(token.isCancelled()).isFalse();
		assertThat(token.remainingNanos()).isPositive();
		assertThat(token.getDeadline()).isNotNull();
	}

	@Test
	void childDeadlineShouldNeverBeLaterThanParents() {
		CancellationToken parent = CancellationToken.withTimeout(Duration.ofSeconds(1));
		CancellationToken child = parent.child(Duration.ofMinutes(5));
		assertThat(child.remainingNanos()).isLessThanOrEqualTo(Duration.ofSeconds(1).toNanos());
		CancellationToken shorter = parent.child(Duration.ofMillis(100));
		assertThat(shorter.remainingNanos()).isLessThanOrEqualTo(Duration.ofMillis(100).toNanos());
		assertThat(parent.hasDeadline()).isTrue();
		assertThat(CancellationToken.create().hasDeadline()).isFalse();
		assertThat(CancellationToken.create().getRemaining()).isNull();
	}

	@Test
	void onCancelShouldRunOnceAndAtOnceWhenAlreadyCancelled() {
		CancellationToken token = CancellationToken.create();
		List<CancellationReason> seen = new ArrayList<>();
		token.onCancel(seen::add);
		CancellationToken.Registration removed = token.onCancel((reason) -> seen.add(CancellationReason.MANUAL));
		removed.unregister();
		token.cancel(CancellationReason.SHUTDOWN);
		token.cancel(CancellationReason.DEADLINE);
		token.onCancel(seen::add);
		assertThat(seen).containsExactly(CancellationReason.SHUTDOWN, CancellationReason.SHUTDOWN);
	}

	@Test
	void releaseShouldDetachChildFromParent() {
		CancellationToken parent = CancellationToken.create();
		CancellationToken child = parent.child();
		child.release();
		parent.cancel(CancellationReason.MANUAL);
		assertThat(child.isCancelled()).isFalse();
	}

	@Test
	void sleepWhenCancelledMidwayShouldThrowPromptly() {
		CancellationToken token = CancellationToken.withTimeout(Duration.ofMillis(50));
		long start = System.nanoTime();
		assertThatExceptionOfType(DeadlineExceededException.class)
			.isThrownBy(() -> token.sleep(Duration.ofSeconds(30)));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void sleepWhenNotCancelledShouldReturnAfterTheDuration() throws InterruptedException {
		CancellationToken token = CancellationToken.create();
		long start = System.nanoTime();
		token.sleep(Duration.ofMillis(30));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
	}

}
