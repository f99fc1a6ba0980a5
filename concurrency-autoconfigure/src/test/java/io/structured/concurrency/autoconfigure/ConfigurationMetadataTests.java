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

package io.structured.concurrency.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata generated from {@link ConcurrencyProperties}.
 */
class ConfigurationMetadataTests {

	@Test
	void metadataDescribesEveryConcurrencyProperty() throws IOException {
		Map<String, ConfigurationMetadataProperty> properties = load().getAllProperties();
		assertThat(properties).isNotEmpty();
		assertThat(properties.keySet())
			.allMatch((name) -> name.startsWith("concurrency.") || name.startsWith("management.endpoint.tasks."));
		assertThat(properties.values())
			.allSatisfy((property) -> assertThat(property.getDescription()).as(property.getId()).isNotBlank());
	}

	@Test
	void metadataListsThePropertiesTheDocumentationNames() throws IOException {
		assertThat(load().getAllProperties()).containsKeys("concurrency.cpu.limit", "concurrency.cpu.rounding",
				"concurrency.cpu.refresh-interval", "concurrency.executors.cpu.threads",
				"concurrency.executors.cpu.threads-per-cpu", "concurrency.executors.cpu.queue-capacity",
				"concurrency.executors.io.max-concurrency", "concurrency.executors.io.queue-capacity",
				"concurrency.executors.io.virtual-threads", "concurrency.request.enabled",
				"concurrency.request.default-timeout", "concurrency.request.max-timeout",
				"concurrency.request.retry-after", "concurrency.request.outlived-tasks", "concurrency.tasks.leak-grace",
				"concurrency.tasks.max-tracked", "concurrency.tasks.max-leaks", "concurrency.tasks.creation-site",
				"concurrency.shutdown.drain", "concurrency.shutdown.timeout", "concurrency.bulkheads");
	}

	@Test
	void metadataDescribesTheTasksEndpoint() throws IOException {
		assertThat(load().getAllProperties()).containsKeys("management.endpoint.tasks.access",
				"management.endpoint.tasks.cache.time-to-live");
	}

	private ConfigurationMetadataRepository load() throws IOException {
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).as("generated metadata").isNotNull();
			return ConfigurationMetadataRepositoryJsonBuilder.create(metadata).build();
		}
	}

}
