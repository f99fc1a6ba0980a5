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

package io.structured.concurrency.actuate;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.structured.concurrency.core.TaskRegistry;

/**
 * {@link HealthIndicator} that reports the counts of live and leaked tasks as details. It
 * always reports {@code UP}: leaks are worth a look, not a restart.
 *
 * @since 0.1.0
 */
public class ConcurrencyHealthIndicator extends AbstractHealthIndicator {

	private final TaskRegistry registry;

	/**
	 * Create a new indicator.
	 * @param registry the registry of live tasks
	 */
	public ConcurrencyHealthIndicator(TaskRegistry registry) {
		super("Concurrency health check failed");
		this.registry = registry;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		int active = this.registry.getActiveCount();
		int tracked = this.registry.getTrackedCount();
		builder.up()
			.withDetail("active", active)
			.withDetail("leaked", this.registry.getLeakedCount())
			.withDetail("tracked", tracked)
			.withDetail("truncated", active > tracked);
	}

}
