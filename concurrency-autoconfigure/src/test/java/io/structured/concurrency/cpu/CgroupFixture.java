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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fixture tree of cgroup files below a temporary directory that stands for the
 * filesystem root, following the "Cgroup fixture" convention of the acceptance cases.
 *
 * <p>
 * v2 layout: {@code /proc/self/cgroup} is {@code 0::/} and {@code /proc/self/mountinfo}
 * lists a {@code cgroup2} mount at {@code /sys/fs/cgroup}. v1 layout:
 * {@code /proc/self/cgroup} has a {@code cpu,cpuacct} line and a {@code cpuset} line,
 * both with path {@code /}, and mountinfo lists those mounts at
 * {@code /sys/fs/cgroup/cpu,cpuacct} and {@code /sys/fs/cgroup/cpuset}.
 */
public final class CgroupFixture {

	/**
	 * Mount point of the cgroup v2 hierarchy.
	 */
	public static final String V2 = "/sys/fs/cgroup";

	/**
	 * Mount point of the cgroup v1 hierarchy with the cpu controller.
	 */
	public static final String V1_CPU = "/sys/fs/cgroup/cpu,cpuacct";

	/**
	 * Mount point of the cgroup v1 hierarchy with the cpuset controller.
	 */
	public static final String V1_CPUSET = "/sys/fs/cgroup/cpuset";

	private static final String ROOT_FS = "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n";

	private static final String V2_MOUNT = "30 22 0:26 %s %s rw,nosuid,nodev,noexec,relatime shared:4 - "
			+ "cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";

	private static final String V1_TMPFS = "31 22 0:27 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:5 - "
			+ "tmpfs tmpfs ro,mode=755\n";

	private static final String V1_CPU_MOUNT = "32 31 0:28 %s %s rw,nosuid,nodev,noexec,relatime shared:9 - "
			+ "cgroup cgroup rw,cpu,cpuacct\n";

	private static final String V1_CPUSET_MOUNT = "34 31 0:30 %s %s rw,nosuid,nodev,noexec,relatime shared:11 - "
			+ "cgroup cgroup rw,cpuset\n";

	private final Path root;

	private CgroupFixture(Path root) {
		this.root = root;
	}

	/**
	 * Lay out a cgroup v2 host with the process in the root group.
	 * @param root the directory that stands for the filesystem root
	 * @return the fixture
	 */
	public static CgroupFixture v2(Path root) {
		return v2(root, "/");
	}

	/**
	 * Lay out a cgroup v2 host with the process in a given group.
	 * @param root the directory that stands for the filesystem root
	 * @param group the process's group, such as {@code /kubepods/pod1/app}
	 * @return the fixture
	 */
	public static CgroupFixture v2(Path root, String group) {
		return new CgroupFixture(root).write("/proc/self/cgroup", "0::" + group + "\n")
			.write("/proc/self/mountinfo", ROOT_FS + V2_MOUNT.formatted("/", V2))
			.mkdirs(V2 + group);
	}

	/**
	 * Lay out a cgroup v1 host with the process in the root groups.
	 * @param root the directory that stands for the filesystem root
	 * @return the fixture
	 */
	public static CgroupFixture v1(Path root) {
		return v1(root, "/");
	}

	/**
	 * Lay out a cgroup v1 host with the process in a given group of both hierarchies.
	 * @param root the directory that stands for the filesystem root
	 * @param group the process's group, such as {@code /docker/abc}
	 * @return the fixture
	 */
	public static CgroupFixture v1(Path root, String group) {
		return new CgroupFixture(root)
			.write("/proc/self/cgroup", "4:cpu,cpuacct:" + group + "\n3:cpuset:" + group + "\n")
			.write("/proc/self/mountinfo",
					ROOT_FS + V1_TMPFS + V1_CPU_MOUNT.formatted("/", V1_CPU)
							+ V1_CPUSET_MOUNT.formatted("/", V1_CPUSET))
			.mkdirs(V1_CPU + group)
			.mkdirs(V1_CPUSET + group);
	}

	/**
	 * Write a file, creating its directories.
	 * @param path the absolute path of the file in the fixture
	 * @param content the content
	 * @return this fixture
	 */
	public CgroupFixture write(String path, String content) {
		Path file = path(path);
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, content, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/**
	 * Create a directory and its parents.
	 * @param path the absolute path of the directory in the fixture
	 * @return this fixture
	 */
	public CgroupFixture mkdirs(String path) {
		try {
			Files.createDirectories(path(path));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/**
	 * Delete a file.
	 * @param path the absolute path of the file in the fixture
	 * @return this fixture
	 */
	public CgroupFixture delete(String path) {
		try {
			Files.delete(path(path));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/**
	 * Return the path of a file in the fixture.
	 * @param path the absolute path in the fixture
	 * @return the real path
	 */
	public Path path(String path) {
		String relative = path.replaceFirst("^/+", "");
		return relative.isEmpty() ? this.root : this.root.resolve(relative);
	}

	/**
	 * Return the directory that stands for the filesystem root.
	 * @return the root
	 */
	public Path root() {
		return this.root;
	}

	/**
	 * Create a detector that reads this fixture.
	 * @param hostCpus the host's CPU count
	 * @param jvmProcessors the JVM's processor count
	 * @return the detector
	 */
	public CgroupCpuLimitDetector detector(int hostCpus, int jvmProcessors) {
		return new CgroupCpuLimitDetector(this.root, () -> hostCpus, () -> jvmProcessors);
	}

	/**
	 * Return a mountinfo line of a cgroup v2 mount.
	 * @param mountRoot the root of the mount within the hierarchy
	 * @param mountPoint the mount point
	 * @return the line
	 */
	public static String v2MountLine(String mountRoot, String mountPoint) {
		return V2_MOUNT.formatted(mountRoot, mountPoint);
	}

	/**
	 * Return a mountinfo line of a cgroup v1 mount of the cpu controller.
	 * @param mountRoot the root of the mount within the hierarchy
	 * @param mountPoint the mount point
	 * @return the line
	 */
	public static String v1CpuMountLine(String mountRoot, String mountPoint) {
		return V1_CPU_MOUNT.formatted(mountRoot, mountPoint);
	}

	/**
	 * Return a mountinfo line of a cgroup v1 mount of the cpuset controller.
	 * @param mountRoot the root of the mount within the hierarchy
	 * @param mountPoint the mount point
	 * @return the line
	 */
	public static String v1CpusetMountLine(String mountRoot, String mountPoint) {
		return V1_CPUSET_MOUNT.formatted(mountRoot, mountPoint);
	}

}
