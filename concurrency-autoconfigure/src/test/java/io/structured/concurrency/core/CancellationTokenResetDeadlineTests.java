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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CancellationToken#resetDeadline(Duration)}.
 */
class CancellationTokenResetDeadlineTests {

	@Test
	void resetDeadlineWhenShorterShouldCancelAtTheNewDeadline() {
		CancellationToken token = CancellationToken.withTimeout(Duration.ofSeconds(30));
		long start = System.nanoTime();
		token.resetDeadline(Duration.ofMillis(100));
		assertThat(token.remainingNanos()).isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
		await().atMost(Duration.ofSeconds(5)).until(token::isCancelled);
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
		assertThat(token.getReason()).isEqualTo(CancellationReason.DEADLINE);
	}

	@Test
	void resetDeadlineWhenLongerShouldNotCancelAtTheOldDeadline() throws InterruptedException {
		CancellationToken token = CancellationToken.withTimeout(Duration.ofMillis(100));
		token.resetDeadline(Duration.ofSeconds(30));
		assertThat(token.awaitCancellation(Duration.ofMillis(400))).isFalse();
		assertThat(token.getRemaining()).isGreaterThan(Duration.ofSeconds(29));
		assertThat(token.getDeadline()).isNotNull();
	}

	@Test
	void resetDeadlineWhenTimeHasPassedShouldCancelAtOnce() {
		CancellationToken token = CancellationToken.withTimeout(Duration.ofSeconds(30));
		token.resetDeadline(Duration.ofMillis(-5));
		assertThat(token.getReason()).isEqualTo(CancellationReason.DEADLINE);
	}

	@Test
	void resetDeadlineShouldNeverGoBeyondTheParentDeadline() {
		CancellationToken parent = CancellationToken.withTimeout(Duration.ofSeconds(1));
		CancellationToken child = parent.child();
		child.resetDeadline(Duration.ofMinutes(5));
		assertThat(child.getRemaining()).isLessThanOrEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void resetDeadlineToNoneShouldRemoveTheDeadlineOfARoot() throws InterruptedException {
		CancellationToken token = CancellationToken.withTimeout(Duration.ofMillis(50));
		token.resetDeadline(null);
		assertThat(token.hasDeadline()).isFalse();
		assertThat(token.getDeadline()).isNull();
		assertThat(token.awaitCancellation(Duration.ofMillis(200))).isFalse();
	}

	@Test
	void resetDeadlineWhenCancelledShouldDoNothing() {
		CancellationToken token = CancellationToken.withTimeout(Duration.ofSeconds(30));
		token.cancel(CancellationReason.MANUAL);
		token.resetDeadline(Duration.ofMillis(1));
		assertThat(token.getReason()).isEqualTo(CancellationReason.MANUAL);
		assertThat(token.getRemaining()).isGreaterThan(Duration.ofSeconds(29));
	}

}
