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

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.structured.concurrency.cpu.CgroupFixture;
import io.structured.concurrency.cpu.CpuLimit;
import io.structured.concurrency.cpu.CpuLimitDetector;
import io.structured.concurrency.cpu.CpuLimitMonitor;
import io.structured.concurrency.executor.BoundedExecutor;
import io.structured.concurrency.testsupport.CapturedLogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The CPU limit cases of the acceptance list (family CG), run end to end: a fixture tree
 * of cgroup files, the auto-configured {@link CpuLimitMonitor} and the {@code cpu}
 * executor sized from it.
 *
 * <p>
 * Where a case says that a row logs no WARN, the JVM's processor count in the fixture
 * equals the host count although the cgroup limit is lower. A JVM that reports more
 * processors than the cgroup allows is what CG-10 asks to be warned about, so such a row
 * logs that one WARN (and only that one); the same row with the processor count that a
 * container-aware JVM reports logs no WARN at all.
 */
class CgroupCasesTests {

	private static final String CPU_MAX = CgroupFixture.V2 + "/cpu.max";

	private static final String CPUSET_EFFECTIVE = CgroupFixture.V2 + "/cpuset.cpus.effective";

	private static final String MISMATCH_WARNING = "Available processors reported by the JVM";

	private static final String FALLBACK_WARNING = "Could not read the CPU limit";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CpuLimitAutoConfiguration.class, ConcurrencyAutoConfiguration.class));

	private final CapturedLogs logs = CapturedLogs.starter();

	@TempDir
	Path root;

	@AfterEach
	void closeLogs() {
		this.logs.close();
	}

	static Stream<Arguments> cg01() {
		return Stream.of(Arguments.of("max 100000\n", 8.0, CpuLimit.Source.CGROUP_V2, 8),
				Arguments.of("200000 100000\n", 2.0, CpuLimit.Source.CGROUP_V2, 2),
				Arguments.of("150000 100000", 1.5, CpuLimit.Source.CGROUP_V2, 2),
				Arguments.of("150000\n", 1.5, CpuLimit.Source.CGROUP_V2, 2),
				Arguments.of("max\n", 8.0, CpuLimit.Source.CGROUP_V2, 8),
				Arguments.of("  50000   100000  \n", 0.5, CpuLimit.Source.CGROUP_V2, 1),
				Arguments.of("1600000 100000", 8.0, CpuLimit.Source.CGROUP_V2, 8),
				Arguments.of("garbage", 8.0, CpuLimit.Source.JVM, 8));
	}

	@ParameterizedTest
	@MethodSource("cg01")
	void cg01ParsingCpuMax(String cpuMax, double limit, CpuLimit.Source source, int poolSize) {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPUSET_EFFECTIVE, "0-7\n").write(CPU_MAX, cpuMax);
		run(fixture, 8, 8, (context) -> assertLimit(context, limit, source, 8, poolSize));
		if (source == CpuLimit.Source.JVM) {
			assertThat(this.logs.warnings()).singleElement()
				.asString()
				.startsWith(FALLBACK_WARNING)
				.contains(fixture.path(CPU_MAX).toString())
				.contains("'concurrency.cpu.limit'");
		}
		else {
			assertOnlyMismatchWarningWhereJvmDisagrees(8, poolSize);
		}
	}

	@ParameterizedTest
	@MethodSource("cg01")
	void cg01ParsingCpuMaxWithContainerAwareJvmCount(String cpuMax, double limit, CpuLimit.Source source,
			int poolSize) {
		assumeThat(source).isNotEqualTo(CpuLimit.Source.JVM);
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPUSET_EFFECTIVE, "0-7\n").write(CPU_MAX, cpuMax);
		run(fixture, 8, poolSize, (context) -> assertLimit(context, limit, source, poolSize, poolSize));
		assertThat(this.logs.warnings()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "150000 100000, ceil, 1.5, 2", "150000 100000, floor, 1.5, 1", "850000 100000, ceil, 8.5, 9",
			"850000 100000, floor, 8.5, 8", "50000 100000, ceil, 0.5, 1", "50000 100000, floor, 0.5, 1",
			"199900 100000, ceil, 1.999, 2", "199900 100000, floor, 1.999, 1" })
	void cg02RoundingAFractionalQuota(String cpuMax, String rounding, double limit, int poolSize) {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPUSET_EFFECTIVE, "0-15\n").write(CPU_MAX, cpuMax);
		run(fixture, 16, 16, (context) -> assertLimit(context, limit, CpuLimit.Source.CGROUP_V2, 16, poolSize),
				"concurrency.cpu.rounding=" + rounding);
		assertThat(this.logs.warnings()).noneMatch((warning) -> warning.startsWith(FALLBACK_WARNING));
	}

	@ParameterizedTest
	@CsvSource({ "51", "8192" })
	void cg04SharesNeverCapTheCountOnV1(String shares) {
		CgroupFixture fixture = CgroupFixture.v1(this.root)
			.write(CgroupFixture.V1_CPU + "/cpu.shares", shares + "\n")
			.write(CgroupFixture.V1_CPU + "/cpu.cfs_quota_us", "-1\n")
			.write(CgroupFixture.V1_CPU + "/cpu.cfs_period_us", "100000\n")
			.write(CgroupFixture.V1_CPUSET + "/cpuset.cpus", "0-15\n");
		run(fixture, 16, 16, (context) -> assertLimit(context, 16.0, CpuLimit.Source.CGROUP_V1, 16, 16));
		assertThat(this.logs.warnings()).isEmpty();
	}

	@Test
	void cg04WeightNeverCapsTheCountOnV2() {
		CgroupFixture fixture = CgroupFixture.v2(this.root)
			.write(CgroupFixture.V2 + "/cpu.weight", "2\n")
			.write(CPU_MAX, "max 100000\n")
			.write(CPUSET_EFFECTIVE, "0-15\n");
		run(fixture, 16, 16, (context) -> assertLimit(context, 16.0, CpuLimit.Source.CGROUP_V2, 16, 16));
		assertThat(this.logs.warnings()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = ';', value = { "0-4,6; 800000 100000; 16; 6.0; 6", "0-1; max 100000; 16; 2.0; 2",
			"0-15; 150000 100000; 16; 1.5; 2", "0,2,4; 250000 100000; 16; 2.5; 3", "0-63; 200000 100000; 64; 2.0; 2" })
	void cg06CpusetNarrowerThanTheQuota(String cpus, String cpuMax, int host, double limit, int poolSize) {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPUSET_EFFECTIVE, cpus + "\n").write(CPU_MAX, cpuMax);
		run(fixture, host, host, (context) -> assertLimit(context, limit, CpuLimit.Source.CGROUP_V2, host, poolSize));
		assertThat(this.logs.warnings()).noneMatch((warning) -> warning.startsWith(FALLBACK_WARNING));
	}

	@ParameterizedTest
	@CsvSource(delimiter = ';', value = { "0-4,6; 800000 100000; 16; 6.0; 6", "0-1; max 100000; 16; 2.0; 2",
			"0-15; 150000 100000; 16; 1.5; 2", "0,2,4; 250000 100000; 16; 2.5; 3", "0-63; 200000 100000; 64; 2.0; 2" })
	void cg06CpusAllowedListNarrowerThanTheQuota(String cpus, String cpuMax, int host, double limit, int poolSize) {
		CgroupFixture fixture = CgroupFixture.v2(this.root)
			.write("/proc/self/status", "Name:\tjava\nCpus_allowed_list:\t" + cpus + "\nMems_allowed_list:\t0\n")
			.write(CPU_MAX, cpuMax);
		run(fixture, host, host, (context) -> assertLimit(context, limit, CpuLimit.Source.CGROUP_V2, host, poolSize));
	}

	@Test
	void cg07V2HostWithoutV1Directories() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "200000 100000\n");
		assertThat(fixture.path("/sys/fs/cgroup/cpu")).doesNotExist();
		assertThat(fixture.path("/sys/fs/cgroup/cpuset")).doesNotExist();
		run(fixture, 8, 8, (context) -> assertLimit(context, 2.0, CpuLimit.Source.CGROUP_V2, 8, 2));
		assertOnlyMismatchWarningWhereJvmDisagrees(8, 2);
	}

	@Test
	void cg07V2HostWithoutV1DirectoriesAndContainerAwareJvmCount() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "200000 100000\n");
		run(fixture, 8, 2, (context) -> assertLimit(context, 2.0, CpuLimit.Source.CGROUP_V2, 2, 2));
		assertThat(this.logs.warnings()).isEmpty();
	}

	@Test
	void cg07CpuControllerNotEnabledIsNoQuota() {
		CgroupFixture fixture = CgroupFixture.v2(this.root);
		assertThat(fixture.path(CPU_MAX)).doesNotExist();
		run(fixture, 8, 8, (context) -> assertLimit(context, 8.0, CpuLimit.Source.CGROUP_V2, 8, 8));
		assertThat(this.logs.warnings()).isEmpty();
	}

	@Test
	void cg07CgroupFileUnreadableBecauseItIsADirectory() throws Exception {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "200000 100000\n");
		Files.delete(fixture.path("/proc/self/cgroup"));
		Files.createDirectory(fixture.path("/proc/self/cgroup"));
		assertCgroupFileUnreadable(fixture);
	}

	@Test
	void cg07CgroupFileUnreadableBecauseOfPermissions() throws Exception {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "200000 100000\n");
		Path cgroup = fixture.path("/proc/self/cgroup");
		Files.setPosixFilePermissions(cgroup, PosixFilePermissions.fromString("---------"));
		assumeThat(Files.isReadable(cgroup)).as("running as root, permissions do not stop the read").isFalse();
		assertCgroupFileUnreadable(fixture);
	}

	private void assertCgroupFileUnreadable(CgroupFixture fixture) {
		run(fixture, 8, 8, (context) -> {
			assertThat(context).hasNotFailed();
			assertLimit(context, 8.0, CpuLimit.Source.JVM, 8, 8);
		});
		assertThat(this.logs.warnings()).singleElement()
			.asString()
			.startsWith(FALLBACK_WARNING)
			.contains(fixture.path("/proc/self/cgroup").toString())
			.contains("'concurrency.cpu.limit'");
	}

	@Test
	void cg10JvmCountDisagreesWithTheCgroup() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "100000 100000\n");
		run(fixture, 24, 24, (context) -> assertLimit(context, 1.0, CpuLimit.Source.CGROUP_V2, 24, 1));
		assertThat(this.logs.warnings()).singleElement()
			.asString()
			.contains("24")
			.contains("1.0")
			.contains("-XX:ActiveProcessorCount=1");
	}

	@Test
	void cg10JvmCountDisagreesButTheLimitIsGivenByProperty() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write(CPU_MAX, "100000 100000\n");
		run(fixture, 24, 24, (context) -> assertLimit(context, 3.0, CpuLimit.Source.PROPERTY, 24, 3),
				"concurrency.cpu.limit=3");
		assertThat(this.logs.warnings()).isEmpty();
	}

	private void run(CgroupFixture fixture, int host, int jvm, Consumer<AssertableApplicationContext> assertions,
			String... properties) {
		this.contextRunner.withBean(CpuLimitDetector.class, () -> fixture.detector(host, jvm))
			.withPropertyValues(properties)
			.run(assertions::accept);
	}

	private void assertLimit(AssertableApplicationContext context, double limit, CpuLimit.Source source,
			int availableProcessors, int poolSize) {
		assertThat(context).hasNotFailed();
		assertThat(context.getBean(CpuLimitMonitor.class).getCpuLimit())
			.isEqualTo(new CpuLimit(limit, source, availableProcessors));
		BoundedExecutor cpu = context.getBean(ConcurrencyAutoConfiguration.CPU_EXECUTOR_BEAN_NAME,
				BoundedExecutor.class);
		assertThat(cpu.getMaxPoolSize()).isEqualTo(poolSize);
		assertThat(cpu.getCorePoolSize()).isEqualTo(poolSize);
	}

	private void assertOnlyMismatchWarningWhereJvmDisagrees(int jvm, int ceilOfLimit) {
		if (jvm == ceilOfLimit) {
			assertThat(this.logs.warnings()).isEmpty();
		}
		else {
			assertThat(this.logs.warnings()).singleElement()
				.asString()
				.startsWith(MISMATCH_WARNING)
				.contains("-XX:ActiveProcessorCount=" + ceilOfLimit);
		}
	}

}
