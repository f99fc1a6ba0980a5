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

package io.structured.concurrency.actuate.metrics;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Remembers the meters a binder registered so that they can be removed when the binder is
 * closed, for example when its application context closes while the registry lives on.
 */
final class MeterRemover {

	private final List<Registered> registered = new CopyOnWriteArrayList<>();

	/**
	 * Return whether meters were already registered with the given registry.
	 * @param registry the registry
	 * @return {@code true} if {@link #add} was called for it
	 */
	boolean isBound(MeterRegistry registry) {
		for (Registered entry : this.registered) {
			if (entry.registry() == registry) {
				return true;
			}
		}
		return false;
	}

	void add(MeterRegistry registry, Set<Meter.Id> ids) {
		this.registered.add(new Registered(registry, ids));
	}

	void removeAll() {
		for (Registered entry : this.registered) {
			for (Meter.Id id : entry.ids()) {
				entry.registry().remove(id);
			}
		}
		this.registered.clear();
	}

	private record Registered(MeterRegistry registry, Set<Meter.Id> ids) {
	}

}
