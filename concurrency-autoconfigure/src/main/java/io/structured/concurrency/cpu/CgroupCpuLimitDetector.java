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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.log.LogMessage;

/**
 * {@link CpuLimitDetector} that reads the CPU limit from the cgroup files of the running
 * process, the way the kernel enforces it.
 *
 * <p>
 * The process's groups are found through {@code /proc/self/cgroup} and the mounted
 * hierarchies through {@code /proc/self/mountinfo}. Where a cgroup v1 hierarchy carries
 * the {@code cpu} controller (including hybrid hosts, which also mount cgroup v2), the
 * quota comes from {@code cpu.cfs_quota_us} and {@code cpu.cfs_period_us}; otherwise from
 * the cgroup v2 {@code cpu.max}. The quota is the smallest over the process's group and
 * all its ancestors up to the root of the mount, because a parent's quota caps its
 * children. A group without quota files (the controller is not enabled for it) sets no
 * quota. The CPU set comes from {@code cpuset.cpus} (v1) or {@code cpuset.cpus.effective}
 * (v2) of the nearest group that has one, and from {@code Cpus_allowed_list} in
 * {@code /proc/self/status}. CPU shares and {@code cpu.weight} never cap the count.
 *
 * <p>
 * The limit is the smallest of the quota (quota divided by period), the size of the CPU
 * set and the host's CPU count, and may be fractional.
 *
 * <p>
 * All paths are resolved against a root directory, so that tests can run on a fixture
 * tree.
 *
 * @since 0.1.0
 */
public class CgroupCpuLimitDetector implements CpuLimitDetector {

	private static final Log logger = LogFactory.getLog(CgroupCpuLimitDetector.class);

	private static final long DEFAULT_PERIOD = 100_000;

	private static final String CPUS_ALLOWED_LIST = "Cpus_allowed_list:";

	private final Path root;

	private final IntSupplier hostCpus;

	private final IntSupplier jvmProcessors;

	/**
	 * Create a new detector.
	 * @param root the directory that stands for the filesystem root
	 * @param hostCpus supplier of the number of CPUs of the host
	 * @param jvmProcessors supplier of the number of processors the JVM reports
	 */
	public CgroupCpuLimitDetector(Path root, IntSupplier hostCpus, IntSupplier jvmProcessors) {
		this.root = root;
		this.hostCpus = hostCpus;
		this.jvmProcessors = jvmProcessors;
	}

	/**
	 * Create a detector that reads the host's CPU count from
	 * {@code /sys/devices/system/cpu/online} below the root (falling back to the JVM's
	 * count) and takes the JVM's count from {@link Runtime#availableProcessors()}.
	 * @param root the directory that stands for the filesystem root, {@code /} in
	 * production
	 * @return the detector
	 */
	public static CgroupCpuLimitDetector forRoot(Path root) {
		IntSupplier jvm = () -> Runtime.getRuntime().availableProcessors();
		return new CgroupCpuLimitDetector(root, () -> onlineCpus(root, jvm), jvm);
	}

	private static int onlineCpus(Path root, IntSupplier fallback) {
		Path online = resolve(root, "/sys/devices/system/cpu/online");
		try {
			int count = countCpus(online, Files.readString(online, StandardCharsets.ISO_8859_1));
			return (count > 0) ? count : fallback.getAsInt();
		}
		catch (IOException | CpuLimitUnavailableException ex) {
			logger.debug(LogMessage.format("Could not read the host's CPU count from '%s'", online), ex);
			return fallback.getAsInt();
		}
	}

	@Override
	public int availableProcessors() {
		return this.jvmProcessors.getAsInt();
	}

	@Override
	public CpuLimit detect() {
		int jvm = availableProcessors();
		Path cgroupFile = file("/proc/self/cgroup");
		String cgroups = readIfPresent(cgroupFile);
		if (cgroups == null) {
			logger.debug(LogMessage.format("No '%s': no cgroup CPU limit applies", cgroupFile));
			return new CpuLimit(jvm, CpuLimit.Source.JVM, jvm);
		}
		List<Membership> memberships = parseMemberships(cgroupFile, cgroups);
		Path mountinfoFile = file("/proc/self/mountinfo");
		String mountinfo = readIfPresent(mountinfoFile);
		if (mountinfo == null) {
			throw new CpuLimitUnavailableException("'" + mountinfoFile + "' does not exist");
		}
		List<Mount> mounts = parseMounts(mountinfoFile, mountinfo);
		Hierarchy v1Cpu = findV1(memberships, mounts, "cpu");
		Hierarchy v1Cpuset = findV1(memberships, mounts, "cpuset");
		Hierarchy v2 = findV2(memberships, mounts);
		double limit = Math.max(1, this.hostCpus.getAsInt());
		if (v1Cpu != null) {
			limit = Math.min(limit, quotaV1(v1Cpu));
		}
		else if (v2 != null) {
			limit = Math.min(limit, quotaV2(v2));
		}
		else {
			throw new CpuLimitUnavailableException("Found no mounted cgroup hierarchy of this process with the cpu "
					+ "controller in '" + mountinfoFile + "'");
		}
		Hierarchy cpusetHierarchy = (v1Cpuset != null) ? v1Cpuset : v2;
		String cpusetFile = (v1Cpuset != null) ? "cpuset.cpus" : "cpuset.cpus.effective";
		if (cpusetHierarchy != null) {
			limit = Math.min(limit, cpuset(cpusetHierarchy, cpusetFile));
		}
		limit = Math.min(limit, cpusAllowed());
		return new CpuLimit(limit, (v1Cpu != null) ? CpuLimit.Source.CGROUP_V1 : CpuLimit.Source.CGROUP_V2, jvm);
	}

	private double quotaV1(Hierarchy hierarchy) {
		double min = Double.POSITIVE_INFINITY;
		for (Path dir : hierarchy.chain()) {
			Path quotaFile = dir.resolve("cpu.cfs_quota_us");
			String quotaText = readIfPresent(quotaFile);
			if (quotaText == null) {
				continue;
			}
			long quota = parseLong(quotaFile, quotaText);
			if (quota == -1) {
				continue;
			}
			Path periodFile = dir.resolve("cpu.cfs_period_us");
			String periodText = readIfPresent(periodFile);
			if (periodText == null) {
				throw new CpuLimitUnavailableException("'" + periodFile + "' does not exist");
			}
			long period = parseLong(periodFile, periodText);
			if (quota <= 0 || period <= 0) {
				throw unexpected(quotaFile, quotaText + "/" + periodText);
			}
			min = Math.min(min, (double) quota / period);
		}
		return min;
	}

	private double quotaV2(Hierarchy hierarchy) {
		double min = Double.POSITIVE_INFINITY;
		for (Path dir : hierarchy.chain()) {
			Path maxFile = dir.resolve("cpu.max");
			String content = readIfPresent(maxFile);
			if (content != null) {
				min = Math.min(min, parseCpuMax(maxFile, content));
			}
		}
		return min;
	}

	private static double parseCpuMax(Path file, String content) {
		String[] fields = content.trim().split("\\s+");
		if (fields.length > 2 || fields[0].isEmpty()) {
			throw unexpected(file, content);
		}
		long period = (fields.length == 2) ? parseLong(file, fields[1]) : DEFAULT_PERIOD;
		if (period <= 0) {
			throw unexpected(file, content);
		}
		if (fields[0].equals("max")) {
			return Double.POSITIVE_INFINITY;
		}
		long quota = parseLong(file, fields[0]);
		if (quota <= 0) {
			throw unexpected(file, content);
		}
		return (double) quota / period;
	}

	private double cpuset(Hierarchy hierarchy, String fileName) {
		for (Path dir : hierarchy.chain()) {
			Path file = dir.resolve(fileName);
			String content = readIfPresent(file);
			int count = (content != null) ? countCpus(file, content) : 0;
			if (count > 0) {
				return count;
			}
		}
		return Double.POSITIVE_INFINITY;
	}

	private double cpusAllowed() {
		Path statusFile = file("/proc/self/status");
		String status = readIfPresent(statusFile);
		if (status == null) {
			return Double.POSITIVE_INFINITY;
		}
		for (String line : status.split("\n")) {
			if (line.startsWith(CPUS_ALLOWED_LIST)) {
				int count = countCpus(statusFile, line.substring(CPUS_ALLOWED_LIST.length()));
				return (count > 0) ? count : Double.POSITIVE_INFINITY;
			}
		}
		return Double.POSITIVE_INFINITY;
	}

	private static List<Membership> parseMemberships(Path file, String content) {
		List<Membership> memberships = new ArrayList<>();
		for (String line : content.split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			String[] fields = line.split(":", 3);
			if (fields.length < 3 || fields[2].isEmpty()) {
				throw unexpected(file, line);
			}
			List<String> controllers = fields[1].isEmpty() ? List.of() : Arrays.asList(fields[1].split(","));
			memberships.add(new Membership(fields[0], controllers, fields[2]));
		}
		return memberships;
	}

	private List<Mount> parseMounts(Path file, String content) {
		List<Mount> mounts = new ArrayList<>();
		for (String line : content.split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			List<String> fields = Arrays.asList(line.trim().split(" "));
			int separator = fields.indexOf("-");
			if (separator < 6 || fields.size() < separator + 3) {
				throw unexpected(file, line);
			}
			String type = fields.get(separator + 1);
			if (type.equals("cgroup") || type.equals("cgroup2")) {
				String superOptions = (fields.size() > separator + 3) ? fields.get(separator + 3) : "";
				mounts.add(new Mount(unescape(fields.get(3)), resolve(this.root, unescape(fields.get(4))), type,
						Arrays.asList(superOptions.split(","))));
			}
		}
		return mounts;
	}

	private static String unescape(String field) {
		if (field.indexOf('\\') < 0) {
			return field;
		}
		StringBuilder result = new StringBuilder(field.length());
		for (int i = 0; i < field.length(); i++) {
			char ch = field.charAt(i);
			if (ch == '\\' && i + 3 < field.length() && isOctal(field, i + 1)) {
				result.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
				i += 3;
			}
			else {
				result.append(ch);
			}
		}
		return result.toString();
	}

	private static boolean isOctal(String field, int from) {
		for (int i = from; i < from + 3; i++) {
			if (field.charAt(i) < '0' || field.charAt(i) > '7') {
				return false;
			}
		}
		return true;
	}

	private static @Nullable Hierarchy findV1(List<Membership> memberships, List<Mount> mounts, String controller) {
		for (Membership membership : memberships) {
			if (membership.controllers().contains(controller)) {
				Mount mount = bestMount(mounts, "cgroup", controller, membership.path());
				return (mount != null) ? new Hierarchy(mount, membership.path()) : null;
			}
		}
		return null;
	}

	private static @Nullable Hierarchy findV2(List<Membership> memberships, List<Mount> mounts) {
		for (Membership membership : memberships) {
			if (membership.id().equals("0") && membership.controllers().isEmpty()) {
				Mount mount = bestMount(mounts, "cgroup2", null, membership.path());
				return (mount != null) ? new Hierarchy(mount, membership.path()) : null;
			}
		}
		return null;
	}

	private static @Nullable Mount bestMount(List<Mount> mounts, String type, @Nullable String controller,
			String cgroupPath) {
		Mount first = null;
		for (Mount mount : mounts) {
			if (mount.type().equals(type) && (controller == null || mount.superOptions().contains(controller))) {
				if (mount.contains(cgroupPath)) {
					return mount;
				}
				first = (first != null) ? first : mount;
			}
		}
		return first;
	}

	private Path file(String absolute) {
		return resolve(this.root, absolute);
	}

	private static Path resolve(Path root, String absolute) {
		String relative = absolute.replaceFirst("^/+", "");
		return relative.isEmpty() ? root : root.resolve(relative);
	}

	private static @Nullable String readIfPresent(Path file) {
		try {
			return Files.readString(file, StandardCharsets.ISO_8859_1);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new CpuLimitUnavailableException("Could not read '" + file + "' (" + ex + ")", ex);
		}
	}

	private static long parseLong(Path file, String text) {
		try {
			return Long.parseLong(text.trim());
		}
		catch (NumberFormatException ex) {
			throw unexpected(file, text);
		}
	}

	private static int countCpus(Path file, String list) {
		String trimmed = list.trim();
		if (trimmed.isEmpty()) {
			return 0;
		}
		int count = 0;
		for (String range : trimmed.split(",")) {
			String[] bounds = range.trim().split("-", -1);
			try {
				int first = Integer.parseInt(bounds[0]);
				int last = (bounds.length == 2) ? Integer.parseInt(bounds[1]) : first;
				if (bounds.length > 2 || first < 0 || last < first) {
					throw unexpected(file, list);
				}
				count += last - first + 1;
			}
			catch (NumberFormatException ex) {
				throw unexpected(file, list);
			}
		}
		return count;
	}

	private static CpuLimitUnavailableException unexpected(Path file, String content) {
		String shown = content.strip();
		shown = (shown.length() > 60) ? shown.substring(0, 60) + "..." : shown;
		return new CpuLimitUnavailableException(
				"Unexpected content '" + shown.replace("\n", "\\n") + "' in '" + file + "'");
	}

	/**
	 * A line of {@code /proc/self/cgroup}.
	 */
	private record Membership(String id, List<String> controllers, String path) {

	}

	/**
	 * A cgroup mount from {@code /proc/self/mountinfo}.
	 */
	private record Mount(String root, Path mountPoint, String type, List<String> superOptions) {

		boolean contains(String cgroupPath) {
			return this.root.equals("/") || cgroupPath.equals(this.root) || cgroupPath.startsWith(this.root + "/");
		}

	}

	/**
	 * The process's group in one mounted hierarchy.
	 */
	private record Hierarchy(Mount mount, String cgroupPath) {

		/**
		 * Return the directories of the process's group and of its ancestors up to the
		 * root of the mount, nearest first.
		 * @return the directories
		 */
		List<Path> chain() {
			Path top = this.mount.mountPoint();
			Path dir = top;
			for (String segment : relativePath().split("/")) {
				dir = segment.isEmpty() ? dir : dir.resolve(segment);
			}
			while (!dir.equals(top) && !Files.isDirectory(dir)) {
				dir = parentOf(dir, top);
			}
			List<Path> chain = new ArrayList<>();
			chain.add(dir);
			while (!dir.equals(top)) {
				dir = parentOf(dir, top);
				chain.add(dir);
			}
			return chain;
		}

		private String relativePath() {
			String root = this.mount.root();
			String relative;
			if (root.equals("/")) {
				relative = this.cgroupPath;
			}
			else if (this.cgroupPath.startsWith(root + "/")) {
				relative = this.cgroupPath.substring(root.length());
			}
			else {
				relative = "";
			}
			return Arrays.asList(relative.split("/")).contains("..") ? "" : relative;
		}

		private static Path parentOf(Path dir, Path top) {
			Path parent = dir.getParent();
			return (parent != null) ? parent : top;
		}

	}

}
