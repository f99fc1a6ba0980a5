#!/usr/bin/env bash
# Benchmark 6, quota sizing: CPU-bound tasks at 90% of one CPU inside a cgroup with a quota
# of one CPU, on the starter's cpu executor sized from the quota (the starter's default)
# against the same executor pinned to the host's CPU count. Reports the throttled time from
# the cgroup's cpu.stat and the p99 latency of the tasks.
#
# Needs root and a writable cgroup (v1 cpu controller or v2 with the cpu controller);
# otherwise it says why and exits 0 without measuring.
# Settings (environment): SECONDS_PER_RUN (20), LOAD (0.9), WORK_MS (5).
set -euo pipefail
source "$(dirname "$0")/common.sh"

seconds=${SECONDS_PER_RUN:-20}
work_ms=${WORK_MS:-5}
target_load=${LOAD:-0.9}
host_cpus=$(nproc)
name="structured-concurrency-bench-$$"

skip() {
	echo "SKIPPED quota sizing: $*"
	exit 0
}

[[ $(id -u) == 0 ]] || skip "needs root to create a cgroup"
if [[ -f /sys/fs/cgroup/cgroup.controllers ]] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers; then
	version=2
	cgroup=/sys/fs/cgroup/$name
	grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null \
		|| echo +cpu >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null \
		|| skip "cannot enable the cpu controller for child cgroups of /sys/fs/cgroup"
elif [[ -w /sys/fs/cgroup/cpu/cpu.cfs_quota_us || -w /sys/fs/cgroup/cpu ]]; then
	version=1
	cgroup=/sys/fs/cgroup/cpu/$name
else
	skip "no writable cgroup with a cpu controller (mount | grep cgroup)"
fi
mkdir "$cgroup" 2>/dev/null || skip "cannot create $cgroup"
trap 'rmdir "$cgroup" 2>/dev/null || true' EXIT
if [[ $version == 2 ]]; then
	echo "100000 100000" >"$cgroup/cpu.max"
else
	echo 100000 >"$cgroup/cpu.cfs_period_us"
	echo 100000 >"$cgroup/cpu.cfs_quota_us"
fi
log "cgroup v$version $cgroup with a quota of 1 CPU; host has $host_cpus CPUs; load $(load1)"

ensure_benchmarks_jar

for mode in quota host; do
	load_before=$(load1)
	# the shell joins the cgroup, then becomes the JVM, which so starts inside it
	line=$(sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$cgroup" \
		java -Xmx256m -Dlogging.level.root=WARN -cp "$benchmarks_jar" io.structured.concurrency.benchmarks.quota.QuotaSizing \
		--mode="$mode" --host-cpus="$host_cpus" --seconds="$seconds" --load="$target_load" \
		--work-ms="$work_ms" --cpu-stat="$cgroup/cpu.stat" 2>/dev/null | grep '^RESULT')
	echo "$line load=$load_before"
done
