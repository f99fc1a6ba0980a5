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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests of {@link CgroupCpuLimitDetector} against the kernel's own cgroup files. They
 * skip themselves where the host has no cgroups, or, for the writable case, no cgroup v1
 * {@code cpu} hierarchy that this user may change (that needs root).
 *
 * <p>
 * The writable case creates a real group with a real child, puts a quota on the parent
 * and lets a fixture's {@code /proc/self/cgroup} place the process in the child, so that
 * the test process itself is never throttled. The script
 * {@code sample-app/scripts/cgroup-cpu-demo.sh} runs the sample app inside a real group.
 */
class RealCgroupCpuLimitTests {

	@TempDir
	Path root;

	private @Nullable Path group;

	@AfterEach
	void removeGroup() throws IOException {
		if (this.group != null) {
			Files.deleteIfExists(this.group.resolve("app"));
			Files.deleteIfExists(this.group);
		}
	}

	@Test
	void detectOnThisHostShouldReadItsCgroups() {
		assumeThat(Path.of("/proc/self/cgroup")).as("a host with cgroups").exists();
		CpuLimit limit = CgroupCpuLimitDetector.forRoot(Path.of("/")).detect();
		assertThat(limit.source()).isIn(CpuLimit.Source.CGROUP_V1, CpuLimit.Source.CGROUP_V2);
		assertThat(limit.limit()).isPositive().isLessThanOrEqualTo(limit.availableProcessors());
	}

	@Test
	void detectShouldFollowTheQuotaOfARealParentGroup() throws IOException {
		String mountLine = v1CpuMountLine();
		assumeThat(mountLine).as("a cgroup v1 hierarchy with the cpu controller").isNotNull();
		String[] fields = Objects.requireNonNull(mountLine).split(" ");
		String mountRoot = fields[3];
		Path mountPoint = Path.of(fields[4]);
		String name = "structured-concurrency-test-" + UUID.randomUUID();
		Path created = createGroup(mountPoint.resolve(name));
		this.group = created;
		assumeThat(created).as("a writable cgroup v1 cpu hierarchy (run as root)").isNotNull();
		Path group = Objects.requireNonNull(created);
		Files.createDirectory(group.resolve("app"));
		write(group.resolve("cpu.cfs_period_us"), "100000");
		write(group.resolve("cpu.cfs_quota_us"), "150000");
		String cgroupPath = (mountRoot.equals("/") ? "" : mountRoot) + "/" + name + "/app";
		CgroupFixture fixture = CgroupFixture.v1(this.root)
			.write("/proc/self/cgroup", "1:cpu:" + cgroupPath + "\n")
			.write("/proc/self/mountinfo", mountLine + "\n");
		Path link = fixture.path(mountPoint.toString());
		Files.createDirectories(link.getParent());
		Files.deleteIfExists(link);
		Files.createSymbolicLink(link, mountPoint);
		CpuLimitMonitor monitor = new CpuLimitMonitor(fixture.detector(64, 2), null, Duration.ZERO);
		List<Double> changes = new CopyOnWriteArrayList<>();
		monitor.addListener((previous, current) -> changes.add(current.limit()));
		assertThat(monitor.getCpuLimit()).isEqualTo(new CpuLimit(1.5, CpuLimit.Source.CGROUP_V1, 2));
		write(group.resolve("cpu.cfs_quota_us"), "50000");
		assertThat(monitor.refresh()).isTrue();
		assertThat(changes).containsExactly(0.5);
		write(group.resolve("cpu.cfs_quota_us"), "-1");
		monitor.refresh();
		assertThat(monitor.getCpuLimit().limit()).isGreaterThan(0.5);
	}

	private static @Nullable String v1CpuMountLine() throws IOException {
		Path mountinfo = Path.of("/proc/self/mountinfo");
		if (!Files.isReadable(mountinfo)) {
			return null;
		}
		for (String line : Files.readAllLines(mountinfo)) {
			List<String> fields = List.of(line.split(" "));
			int separator = fields.indexOf("-");
			if (separator > 0 && fields.size() > separator + 3 && fields.get(separator + 1).equals("cgroup")
					&& List.of(fields.get(separator + 3).split(",")).contains("cpu")) {
				return line;
			}
		}
		return null;
	}

	private static @Nullable Path createGroup(Path dir) {
		try {
			return Files.createDirectory(dir);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static void write(Path file, String value) throws IOException {
		Files.writeString(file, value, StandardCharsets.US_ASCII);
	}

}
