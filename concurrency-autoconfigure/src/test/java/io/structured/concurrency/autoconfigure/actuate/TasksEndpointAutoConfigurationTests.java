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

package io.structured.concurrency.autoconfigure.actuate;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.structured.concurrency.actuate.TasksEndpoint;
import io.structured.concurrency.actuate.TasksEndpointWebExtension;
import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.cpu.CpuLimitInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TasksEndpointAutoConfiguration}.
 */
class TasksEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ConcurrencyAutoConfiguration.class, TasksEndpointAutoConfiguration.class));

	@Test
	void endpointWhenNotIncludedInExposureShouldNotBeCreated() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(TasksEndpoint.class)
			.doesNotHaveBean(TasksEndpointWebExtension.class));
	}

	@Test
	void endpointWhenIncludedInWebExposureShouldBeCreatedWithWebExtension() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=tasks")
			.run((context) -> assertThat(context).hasSingleBean(TasksEndpoint.class)
				.hasSingleBean(TasksEndpointWebExtension.class));
	}

	@Test
	void endpointWhenAccessIsNoneShouldNotBeCreated() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=tasks",
					"management.endpoint.tasks.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(TasksEndpoint.class));
	}

	@Test
	void endpointWhenActuatorIsAbsentShouldBackOff() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=tasks")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TasksEndpoint.class)
				.hasSingleBean(TaskRegistry.class));
	}

	@Test
	void endpointWhenUserDefinesOneShouldBackOff() {
		TasksEndpoint own = new TasksEndpoint(new TaskRegistry(), CpuLimitInfo::jvm, List::of);
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=tasks")
			.withBean(TasksEndpoint.class, () -> own)
			.run((context) -> assertThat(context).getBean(TasksEndpoint.class).isSameAs(own));
	}

	@Test
	void endpointShouldReportBothExecutorsAndJvmCpuLimitWhenNoDetectorIsPresent() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=tasks").run((context) -> {
			TasksEndpoint.TasksDescriptor tasks = context.getBean(TasksEndpoint.class).tasks(null);
			int processors = Runtime.getRuntime().availableProcessors();
			assertThat(tasks.cpu()).isEqualTo(new TasksEndpoint.CpuDescriptor(processors, "JVM", processors));
			assertThat(tasks.executors()).containsOnlyKeys("cpu", "io");
			assertThat(tasks.executors()).hasEntrySatisfying("cpu",
					(cpu) -> assertThat(cpu.queueCapacity()).isEqualTo(256));
			assertThat(tasks.executors()).hasEntrySatisfying("io",
					(io) -> assertThat(io.queueCapacity()).isEqualTo(1024));
		});
	}

	@Test
	void endpointShouldReportCpuLimitOfDetectorBean() {
		CpuLimitInfo cgroup = new CpuLimitInfo() {

			@Override
			public double getLimit() {
				return 16.0;
			}

			@Override
			public String getSource() {
				return "CGROUP_V2";
			}

			@Override
			public int getAvailableProcessors() {
				return 16;
			}

		};
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=tasks")
			.withBean(CpuLimitInfo.class, () -> cgroup)
			.run((context) -> assertThat(context.getBean(TasksEndpoint.class).tasks(null).cpu())
				.isEqualTo(new TasksEndpoint.CpuDescriptor(16.0, "CGROUP_V2", 16)));
	}

}
