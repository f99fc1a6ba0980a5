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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.structured.concurrency.actuate.TasksEndpoint;
import io.structured.concurrency.actuate.TasksEndpointWebExtension;
import io.structured.concurrency.autoconfigure.ConcurrencyAutoConfiguration;
import io.structured.concurrency.autoconfigure.CpuLimitAutoConfiguration;
import io.structured.concurrency.core.TaskRegistry;
import io.structured.concurrency.cpu.CgroupFixture;
import io.structured.concurrency.cpu.CpuLimit;
import io.structured.concurrency.cpu.CpuLimitDetector;
import io.structured.concurrency.cpu.CpuLimitMonitor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TasksEndpointAutoConfiguration}.
 */
class TasksEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class,
				TasksEndpointAutoConfiguration.class));

	@TempDir
	Path root;

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
		TasksEndpoint own = new TasksEndpoint(new TaskRegistry(), () -> new CpuLimit(1, CpuLimit.Source.JVM, 1),
				List::of);
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=tasks")
			.withBean(TasksEndpoint.class, () -> own)
			.run((context) -> assertThat(context).getBean(TasksEndpoint.class).isSameAs(own));
	}

	@Test
	void endpointShouldReportBothExecutorsAndCpuLimitOfMonitor() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=tasks").run((context) -> {
			TasksEndpoint.TasksDescriptor tasks = context.getBean(TasksEndpoint.class).tasks(null);
			CpuLimit limit = context.getBean(CpuLimitMonitor.class).getCpuLimit();
			assertThat(tasks.cpu())
				.isEqualTo(new TasksEndpoint.CpuDescriptor(limit.limit(), limit.source(), limit.availableProcessors()));
			assertThat(tasks.executors()).containsOnlyKeys("cpu", "io");
			// TP-01 case 1: no starter pool runs with an unbounded queue by default
			assertThat(tasks.executors()).hasEntrySatisfying("cpu",
					(cpu) -> assertThat(cpu.queueCapacity()).isEqualTo(256));
			assertThat(tasks.executors()).hasEntrySatisfying("io",
					(io) -> assertThat(io.queueCapacity()).isEqualTo(1024));
		});
	}

	@Test
	void endpointShouldReportCgroupV2LimitWhenWeightIsLow() {
		// CG-04, fixture 3
		CgroupFixture fixture = CgroupFixture.v2(this.root)
			.write(CgroupFixture.V2 + "/cpu.weight", "2\n")
			.write(CgroupFixture.V2 + "/cpu.max", "max 100000\n")
			.write(CgroupFixture.V2 + "/cpuset.cpus.effective", "0-15\n");
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=tasks")
			.withBean(CpuLimitDetector.class, () -> fixture.detector(16, 16))
			.run((context) -> assertThat(context.getBean(TasksEndpoint.class).tasks(null).cpu())
				.isEqualTo(new TasksEndpoint.CpuDescriptor(16.0, CpuLimit.Source.CGROUP_V2, 16)));
	}

	@Test
	void endpointShouldReportJvmSourceWhenCgroupFilesCannotBeRead() throws Exception {
		// CG-07, fixture 3: a directory where /proc/self/cgroup should be
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CgroupFixture.V2 + "/cpu.max", "200000 100000\n");
		Path cgroup = fixture.path("/proc/self/cgroup");
		Files.delete(cgroup);
		Files.createDirectories(cgroup);
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=tasks")
			.withBean(CpuLimitDetector.class, () -> fixture.detector(8, 8))
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(TasksEndpoint.class)
				.satisfies((endpoint) -> assertThat(endpoint.tasks(null).cpu())
					.isEqualTo(new TasksEndpoint.CpuDescriptor(8.0, CpuLimit.Source.JVM, 8))));
	}

}
