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

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A task that was found to have leaked.
 *
 * @param node the task's node, which may have finished since
 * @param reason why it counts as leaked
 * @param owner name of the request or root task the leaked task belonged to
 * @param detectedAt when the leak was found
 * @since 0.1.0
 */
public record LeakRecord(TaskNode node, LeakReason reason, String owner, Instant detectedAt) {

	public long getId() {
		return this.node.getId();
	}

	public String getName() {
		return this.node.getName();
	}

	public @Nullable List<String> getCreationSite() {
		return this.node.getCreationSite();
	}

}
