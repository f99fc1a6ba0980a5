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

package io.structured.concurrency.cpu;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CgroupCpuLimitDetector} beyond the acceptance cases, which
 * {@code CgroupCasesTests} covers end to end.
 */
class CgroupCpuLimitDetectorTests {

	@TempDir
	Path root;

	@Test
	void detectWhenV2QuotaIsSetShouldDivideQuotaByPeriod() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write("/sys/fs/cgroup/cpu.max", "250000 50000\n");
		assertThat(fixture.detector(8, 8).detect()).isEqualTo(new CpuLimit(5.0, CpuLimit.Source.CGROUP_V2, 8));
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "", "\n", "100000 0", "-5 100000", "0 100000", "1 2 3", "max abc", "1.5 100000",
			"99999999999999999999 100000" })
	void detectWhenCpuMaxIsGarbageShouldThrowNamingTheFile(String content) {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write("/sys/fs/cgroup/cpu.max", content);
		assertThatExceptionOfType(CpuLimitUnavailableException.class).isThrownBy(fixture.detector(8, 8)::detect)
			.withMessageContaining(fixture.path("/sys/fs/cgroup/cpu.max").toString());
	}

	@Test
	void detectWhenV2AncestorHasLowerQuotaShouldTakeTheAncestors() {
		CgroupFixture fixture = CgroupFixture.v2(this.root, "/kubepods/pod1/app")
			.write("/sys/fs/cgroup/kubepods/cpu.max", "max 100000\n")
			.write("/sys/fs/cgroup/kubepods/pod1/cpu.max", "50000 100000\n")
			.write("/sys/fs/cgroup/kubepods/pod1/app/cpu.max", "400000 100000\n");
		assertThat(fixture.detector(8, 8).detect().limit()).isEqualTo(0.5);
	}

	@Test
	void detectWhenV2LeafHasLowerQuotaThanAncestorShouldTakeTheLeafs() {
		CgroupFixture fixture = CgroupFixture.v2(this.root, "/a/b")
			.write("/sys/fs/cgroup/a/cpu.max", "400000 100000\n")
			.write("/sys/fs/cgroup/a/b/cpu.max", "300000 100000\n");
		assertThat(fixture.detector(8, 8).detect().limit()).isEqualTo(3.0);
	}

	@Test
	void detectWhenV2GroupBetweenHasNoCpuMaxShouldStillReadTheAncestor() {
		CgroupFixture fixture = CgroupFixture.v2(this.root, "/a/b/c")
			.write("/sys/fs/cgroup/a/cpu.max", "200000 100000\n")
			.write("/sys/fs/cgroup/a/b/c/cpu.max", "max 100000\n");
		assertThat(fixture.detector(8, 8).detect()).isEqualTo(new CpuLimit(2.0, CpuLimit.Source.CGROUP_V2, 8));
	}

	@Test
	void detectWhenProcessGroupDirectoryIsMissingShouldUseTheNearestExistingAncestor() {
		CgroupFixture fixture = CgroupFixture.v2(this.root)
			.write("/proc/self/cgroup", "0::/a/gone\n")
			.write("/sys/fs/cgroup/a/cpu.max", "300000 100000\n");
		assertThat(fixture.detector(8, 8).detect().limit()).isEqualTo(3.0);
	}

	@Test
	void detectWhenV2CpusetIsOnlyOnAnAncestorShouldUseIt() {
		CgroupFixture fixture = CgroupFixture.v2(this.root, "/a/b")
			.write("/sys/fs/cgroup/cpuset.cpus.effective", "0-7\n")
			.write("/sys/fs/cgroup/a/cpuset.cpus.effective", "2-4\n");
		assertThat(fixture.detector(8, 8).detect().limit()).isEqualTo(3.0);
	}

	@Test
	void detectWhenV1QuotaIsSetShouldDivideQuotaByPeriod() {
		CgroupFixture fixture = CgroupFixture.v1(this.root)
			.write(CgroupFixture.V1_CPU + "/cpu.cfs_quota_us", "150000\n")
			.write(CgroupFixture.V1_CPU + "/cpu.cfs_period_us", "100000\n")
			.write(CgroupFixture.V1_CPUSET + "/cpuset.cpus", "0-7\n");
		assertThat(fixture.detector(8, 8).detect()).isEqualTo(new CpuLimit(1.5, CpuLimit.Source.CGROUP_V1, 8));
	}

	@Test
	void detectWhenV1AncestorHasLowerQuotaShouldTakeTheAncestors() {
		CgroupFixture fixture = CgroupFixture.v1(this.root, "/docker/abc")
			.write(CgroupFixture.V1_CPU + "/cpu.cfs_quota_us", "-1\n")
			.write(CgroupFixture.V1_CPU + "/cpu.cfs_period_us", "100000\n")
			.write(CgroupFixture.V1_CPU + "/docker/cpu.cfs_quota_us", "50000\n")
			.write(CgroupFixture.V1_CPU + "/docker/cpu.cfs_period_us", "100000\n")
			.write(CgroupFixture.V1_CPU + "/docker/abc/cpu.cfs_quota_us", "200000\n")
			.write(CgroupFixture.V1_CPU + "/docker/abc/cpu.cfs_period_us", "100000\n");
		assertThat(fixture.detector(8, 8).detect()).isEqualTo(new CpuLimit(0.5, CpuLimit.Source.CGROUP_V1, 8));
	}

	@Test
	void detectWhenV1MountRootIsTheContainersGroupShouldReadTheMountPoint() {
		CgroupFixture fixture = CgroupFixture.v1(this.root)
			.write("/proc/self/cgroup", "4:cpu,cpuacct:/docker/abc\n3:cpuset:/docker/abc\n")
			.write("/proc/self/mountinfo",
					CgroupFixture.v1CpuMountLine("/docker/abc", CgroupFixture.V1_CPU)
							+ CgroupFixture.v1CpusetMountLine("/docker/abc", CgroupFixture.V1_CPUSET))
			.write(CgroupFixture.V1_CPU + "/cpu.cfs_quota_us", "250000\n")
			.write(CgroupFixture.V1_CPU + "/cpu.cfs_period_us", "100000\n")
			.write(CgroupFixture.V1_CPUSET + "/cpuset.cpus", "0-1\n");
		assertThat(fixture.detector(8, 8).detect()).isEqualTo(new CpuLimit(2.0, CpuLimit.Source.CGROUP_V1, 8));
	}

	@Test
	void detectWhenV1MountRootIsAnAncestorShouldReadBelowTheMountPoint() {
		CgroupFixture fixture = CgroupFixture.v1(this.root)
			.write("/proc/self/cgroup", "4:cpu,cpuacct:/kubepods/pod1/app\n3:cpuset:/\n")
			.write("/proc/self/mountinfo", CgroupFixture.v1CpuMountLine("/kubepods", CgroupFixture.V1_CPU))
			.write(CgroupFixture.V1_CPU + "/pod1/cpu.cfs_quota_us", "120000\n")
			.write(CgroupFixture.V1_CPU + "/pod1/cpu.cfs_period_us", "100000\n")
			.write(CgroupFixture.V1_CPU + "/pod1/app/cpu.cfs_quota_us", "-1\n")
			.write(CgroupFixture.V1_CPU + "/pod1/app/cpu.cfs_period_us", "100000\n");
		assertThat(fixture.detector(8, 8).detect().limit()).isEqualTo(1.2);
	}

	@Test
	void detectWhenV1QuotaHasNoPeriodShouldThrow() {
		CgroupFixture fixture = CgroupFixture.v1(this.root)
			.write(CgroupFixture.V1_CPU + "/cpu.cfs_quota_us", "50000\n");
		assertThatExceptionOfType(CpuLimitUnavailableException.class).isThrownBy(fixture.detector(8, 8)::detect)
			.withMessageContaining("cpu.cfs_period_us");
	}

	@ParameterizedTest
	@ValueSource(strings = { "-2", "0", "abc", "" })
	void detectWhenV1QuotaIsGarbageShouldThrowNamingTheFile(String quota) {
		CgroupFixture fixture = CgroupFixture.v1(this.root)
			.write(CgroupFixture.V1_CPU + "/cpu.cfs_quota_us", quota)
			.write(CgroupFixture.V1_CPU + "/cpu.cfs_period_us", "100000\n");
		assertThatExceptionOfType(CpuLimitUnavailableException.class).isThrownBy(fixture.detector(8, 8)::detect)
			.withMessageContaining("cpu.cfs_quota_us");
	}

	@Test
	void detectOnHybridHostWithCpuInV1ShouldReadV1() {
		CgroupFixture fixture = hybrid().write("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "150000\n")
			.write("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000\n")
			.write("/sys/fs/cgroup/cpuset/cpuset.cpus", "0-1\n");
		assertThat(fixture.detector(2, 2).detect()).isEqualTo(new CpuLimit(1.5, CpuLimit.Source.CGROUP_V1, 2));
	}

	@Test
	void detectOnHybridHostWithCpuInV1AndNoQuotaShouldUseTheCpuset() {
		CgroupFixture fixture = hybrid().write("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "-1\n")
			.write("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000\n")
			.write("/sys/fs/cgroup/cpuset/cpuset.cpus", "0-2\n");
		assertThat(fixture.detector(8, 8).detect()).isEqualTo(new CpuLimit(3.0, CpuLimit.Source.CGROUP_V1, 8));
	}

	@Test
	void detectOnHybridHostWithCpuOnlyInV2ShouldReadV2() {
		CgroupFixture fixture = CgroupFixture.v2(this.root)
			.write("/proc/self/cgroup", "5:memory:/app\n0::/app\n")
			.write("/proc/self/mountinfo",
					"35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
							+ CgroupFixture.v2MountLine("/", "/sys/fs/cgroup/unified"))
			.write("/sys/fs/cgroup/unified/app/cpu.max", "200000 100000\n");
		assertThat(fixture.detector(8, 8).detect()).isEqualTo(new CpuLimit(2.0, CpuLimit.Source.CGROUP_V2, 8));
	}

	private CgroupFixture hybrid() {
		return CgroupFixture.v2(this.root)
			.write("/proc/self/cgroup", "9:name=systemd:/\n4:memory:/x\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n")
			.write("/proc/self/mountinfo", """
					31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
					32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
					33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
					34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
					35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
					40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
					41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
					""")
			.mkdirs("/sys/fs/cgroup/unified");
	}

	@Test
	void detectWhenMountPointHasEscapedSpaceShouldUnescapeIt() {
		CgroupFixture fixture = CgroupFixture.v2(this.root)
			.write("/proc/self/mountinfo", CgroupFixture.v2MountLine("/", "/sys/fs/my\\040cgroup"))
			.write("/sys/fs/my cgroup/cpu.max", "100000 100000\n");
		assertThat(fixture.detector(8, 8).detect().limit()).isEqualTo(1.0);
	}

	@Test
	void detectWhenStatusAllowsFewerCpusShouldUseThem() {
		CgroupFixture fixture = CgroupFixture.v2(this.root)
			.write("/proc/self/status", "Name:\tjava\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\nMems_allowed:\t1\n");
		assertThat(fixture.detector(8, 8).detect().limit()).isEqualTo(2.0);
	}

	@Test
	void detectWhenNothingLimitsShouldReturnTheHostCount() {
		CgroupFixture fixture = CgroupFixture.v2(this.root);
		assertThat(fixture.detector(12, 12).detect()).isEqualTo(new CpuLimit(12.0, CpuLimit.Source.CGROUP_V2, 12));
	}

	@Test
	void detectWhenNoCgroupFileShouldReturnTheJvmCount() {
		CgroupCpuLimitDetector detector = new CgroupCpuLimitDetector(this.root, () -> 8, () -> 3);
		assertThat(detector.detect()).isEqualTo(new CpuLimit(3.0, CpuLimit.Source.JVM, 3));
	}

	@Test
	void detectWhenMountinfoIsMissingShouldThrowNamingIt() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).delete("/proc/self/mountinfo");
		assertThatExceptionOfType(CpuLimitUnavailableException.class).isThrownBy(fixture.detector(8, 8)::detect)
			.withMessageContaining(fixture.path("/proc/self/mountinfo").toString());
	}

	@Test
	void detectWhenNoHierarchyWithCpuIsMountedShouldThrowNamingMountinfo() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write("/proc/self/cgroup", "4:memory:/\n");
		assertThatExceptionOfType(CpuLimitUnavailableException.class).isThrownBy(fixture.detector(8, 8)::detect)
			.withMessageContaining("mountinfo");
	}

	@Test
	void detectWhenCgroupLineIsMalformedShouldThrowNamingTheFile() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write("/proc/self/cgroup", "garbage\n");
		assertThatExceptionOfType(CpuLimitUnavailableException.class).isThrownBy(fixture.detector(8, 8)::detect)
			.withMessageContaining(fixture.path("/proc/self/cgroup").toString());
	}

	@Test
	void detectWhenCpusetIsGarbageShouldThrowNamingTheFile() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write("/sys/fs/cgroup/cpuset.cpus.effective", "0-x\n");
		assertThatExceptionOfType(CpuLimitUnavailableException.class).isThrownBy(fixture.detector(8, 8)::detect)
			.withMessageContaining("cpuset.cpus.effective");
	}

	@Test
	void forRootShouldReadTheHostCountFromOnlineCpus() {
		CgroupFixture fixture = CgroupFixture.v2(this.root)
			.write("/sys/devices/system/cpu/online", "0-2\n")
			.write("/sys/fs/cgroup/cpu.max", "max\n");
		CpuLimit limit = CgroupCpuLimitDetector.forRoot(this.root).detect();
		assertThat(limit.limit()).isEqualTo(3.0);
		assertThat(limit.availableProcessors()).isEqualTo(Runtime.getRuntime().availableProcessors());
	}

	@Test
	void forRootWithoutOnlineCpusShouldCapAtTheJvmCount() {
		CgroupFixture fixture = CgroupFixture.v2(this.root).write("/sys/fs/cgroup/cpu.max", "max\n");
		int jvm = Runtime.getRuntime().availableProcessors();
		assertThat(CgroupCpuLimitDetector.forRoot(fixture.root()).detect().limit()).isEqualTo(jvm);
	}

}
