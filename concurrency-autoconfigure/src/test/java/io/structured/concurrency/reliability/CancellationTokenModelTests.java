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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.CoreInspector;

/**
 * Model checking of {@link CancellationToken}: Lincheck runs racing operations in every
 * interleaving it explores and the models check the invariants afterwards.
 */
class CancellationTokenModelTests {

	@Test
	void doubleCancelShouldLetTheFirstReasonWinAndRunEveryCallbackOnce() {
		ModelChecker.of(DoubleCancel.class)
			.thread("cancelManual")
			.thread("cancelDeadline")
			.thread("register")
			.scale(3)
			.check();
	}

	@Test
	void childCreatedWhileParentIsCancelledShouldEndCancelled() {
		ModelChecker.of(ChildRacingCancel.class).thread("createChild").thread("cancelParent").scale(3).check();
	}

	@Test
	void childReleasedWhileParentIsCancelledShouldLeaveNoLink() {
		ModelChecker.of(ChildRacingCancel.class)
			.initial("createChild")
			.thread("releaseChild")
			.thread("cancelParent")
			.scale(3)
			.check();
	}

	@Test
	void childrenCreatedAndReleasedConcurrentlyShouldLeaveNoLink() {
		ModelChecker.of(ChildRacingCancel.class)
			.thread("createAndReleaseChild")
			.thread("createAndReleaseChild")
			.scale(3)
			.check();
	}

	/**
	 * Two cancels with different reasons race each other and a callback registration.
	 */
	public static class DoubleCancel {

		private final CancellationToken token = CancellationToken.create();

		private final CancellationToken child = this.token.child();

		private final List<CancellationReason> early = new ArrayList<>();

		private final List<CancellationReason> late = new ArrayList<>();

		private final AtomicInteger wins = new AtomicInteger();

		private volatile @Nullable CancellationReason winner;

		{
			this.token.onCancel(this::early);
		}

		private synchronized void early(CancellationReason reason) {
			this.early.add(reason);
		}

		private synchronized void late(CancellationReason reason) {
			this.late.add(reason);
		}

		@Operation
		public boolean cancelManual() {
			return won(CancellationReason.MANUAL, this.token.cancel(CancellationReason.MANUAL));
		}

		@Operation
		public boolean cancelDeadline() {
			return won(CancellationReason.DEADLINE, this.token.cancel(CancellationReason.DEADLINE));
		}

		private boolean won(CancellationReason reason, boolean won) {
			if (won) {
				this.wins.incrementAndGet();
				this.winner = reason;
			}
			return won;
		}

		@Operation
		public void register() {
			this.token.onCancel(this::late);
		}

		@Validate
		public synchronized void validate() {
			CancellationReason winner = this.winner;
			ModelChecker.require(this.wins.get() == 1, "%d cancels won", this.wins.get());
			ModelChecker.require(winner != null, "no cancel won");
			ModelChecker.require(this.token.getReason() == winner, "reason %s, but %s won", this.token.getReason(),
					winner);
			ModelChecker.require(this.early.equals(List.of(winner)), "callback registered early ran with %s",
					this.early);
			ModelChecker.require(this.late.equals(List.of(winner)), "callback registered late ran with %s", this.late);
			ModelChecker.require(this.child.getReason() == winner.inherited(), "child cancelled with %s",
					this.child.getReason());
		}

	}

	/**
	 * A child token is created or released while its parent is cancelled.
	 */
	public static class ChildRacingCancel {

		private final CancellationToken parent = CancellationToken.create();

		private final List<CancellationToken> children = new ArrayList<>();

		private volatile boolean parentCancelled;

		@Operation
		public void createChild() {
			CancellationToken child = this.parent.child();
			synchronized (this) {
				this.children.add(child);
			}
		}

		@Operation
		public void releaseChild() {
			List<CancellationToken> children;
			synchronized (this) {
				children = new ArrayList<>(this.children);
				this.children.clear();
			}
			children.forEach(CancellationToken::release);
		}

		@Operation
		public void createAndReleaseChild() {
			this.parent.child().release();
		}

		@Operation
		public void cancelParent() {
			this.parent.cancel(CancellationReason.SHUTDOWN);
			this.parentCancelled = true;
		}

		// the children not released: a released child is unlinked, and a cancel that
		// comes after it does not reach it
		@Validate
		public synchronized void validate() {
			if (this.parentCancelled) {
				for (CancellationToken child : this.children) {
					ModelChecker.require(child.getReason() == CancellationReason.SHUTDOWN,
							"child of a cancelled parent has reason %s", child.getReason());
				}
			}
			ModelChecker.require(CoreInspector.childCount(this.parent) == 0, "%s child links left",
					CoreInspector.childCount(this.parent));
		}

	}

}
