#!/usr/bin/env bash
#
# Starts the sample app inside a real cgroup with a CPU quota of 150000/100000 (1.5 CPUs),
# checks that it reports the limit 1.5 and sizes the 'cpu' executor to 2 threads, then
# lowers the quota to 50000/100000 and checks that the pool follows to 1 thread within
# refresh-interval + 1 s.
#
# Needs Linux, root and a writable cgroup hierarchy with the cpu controller: cgroup v1
# (/sys/fs/cgroup/cpu or a co-mounted cpu,cpuacct) is preferred, as on hybrid hosts;
# otherwise cgroup v2 with the cpu controller available. Where that is missing the script
# prints SKIP and exits 0. The cgroup v1 and v2 file formats are also covered by fixture
# tests (CgroupCasesTests, CgroupCpuLimitDetectorTests) that need none of this.
#
# Usage: sample-app/scripts/cgroup-cpu-demo.sh [--no-build]
set -euo pipefail

cd "$(dirname "$0")/../.."
REFRESH_SECONDS=2
LOG=$(mktemp -t cgroup-cpu-demo.XXXXXX.log)
GROUP_NAME="structured-concurrency-demo-$$"
APP_PID=""
GROUP_DIR=""

skip() { echo "SKIP: $*"; exit 0; }
fail() { echo "FAIL: $*"; echo "--- application log: $LOG"; tail -n 40 "$LOG" || true; exit 1; }
pass() { echo "ok: $*"; }

cleanup() {
	if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
		kill "$APP_PID" 2>/dev/null || true
		wait "$APP_PID" 2>/dev/null || true
	fi
	if [[ -n "$GROUP_DIR" && -d "$GROUP_DIR" ]]; then
		rmdir "$GROUP_DIR" 2>/dev/null || echo "note: could not remove $GROUP_DIR"
	fi
}
trap cleanup EXIT

[[ "$(uname -s)" == Linux ]] || skip "needs Linux cgroups"
[[ "$(id -u)" == 0 ]] || skip "needs root to create a cgroup and change its quota"

# Find a writable hierarchy with the cpu controller: cgroup v1 first.
V1_MOUNT=$(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
	if ($(i+1) == "cgroup" && ("," $(i+3) ",") ~ /,cpu,/) { print $5; exit } }' /proc/self/mountinfo)
V2_MOUNT=$(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
	if ($(i+1) == "cgroup2") { print $5; exit } }' /proc/self/mountinfo)
if [[ -n "$V1_MOUNT" ]] && mkdir "$V1_MOUNT/$GROUP_NAME" 2>/dev/null; then
	VERSION=v1
	SOURCE=CGROUP_V1
	GROUP_DIR="$V1_MOUNT/$GROUP_NAME"
	set_quota() { echo 100000 > "$GROUP_DIR/cpu.cfs_period_us"; echo "$1" > "$GROUP_DIR/cpu.cfs_quota_us"; }
elif [[ -n "$V2_MOUNT" ]] && grep -qw cpu "$V2_MOUNT/cgroup.controllers" 2>/dev/null \
		&& { grep -qw cpu "$V2_MOUNT/cgroup.subtree_control" || echo +cpu > "$V2_MOUNT/cgroup.subtree_control"; } 2>/dev/null \
		&& mkdir "$V2_MOUNT/$GROUP_NAME" 2>/dev/null; then
	VERSION=v2
	SOURCE=CGROUP_V2
	GROUP_DIR="$V2_MOUNT/$GROUP_NAME"
	set_quota() { echo "$1 100000" > "$GROUP_DIR/cpu.max"; }
else
	skip "no writable cgroup hierarchy with the cpu controller (v1 mount: '${V1_MOUNT:-none}', v2 mount: '${V2_MOUNT:-none}')"
fi
echo "Using cgroup $VERSION group $GROUP_DIR"
set_quota 150000

if [[ "${1:-}" != "--no-build" ]]; then
	echo "Building the sample app (package, tests skipped)"
	./mvnw -B -q -pl sample-app -am package -DskipTests
fi
JAR=$(ls sample-app/target/sample-app-*.jar | grep -v original | head -n 1)
[[ -f "$JAR" ]] || fail "no sample app jar in sample-app/target"

# Start the app from a shell that first moves itself into the group, so the JVM starts inside it.
(
	echo "$BASHPID" > "$GROUP_DIR/cgroup.procs"
	exec java -jar "$JAR" --server.address=127.0.0.1 --server.port=0 \
		--concurrency.cpu.refresh-interval="${REFRESH_SECONDS}s" \
		--logging.level.io.structured.concurrency=DEBUG
) > "$LOG" 2>&1 &
APP_PID=$!
grep -q "/$GROUP_NAME" "/proc/$APP_PID/cgroup" || sleep 1
grep -q "/$GROUP_NAME" "/proc/$APP_PID/cgroup" || fail "the app is not in $GROUP_DIR"
pass "app (pid $APP_PID) runs in $(grep "/$GROUP_NAME" "/proc/$APP_PID/cgroup")"

# The app listens on a free port of its own choosing; read it from the log.
PORT=""
for _ in $(seq 1 360); do
	PORT=$(grep -o 'started on port[^0-9]*[0-9]*' "$LOG" | grep -o '[0-9]*$' | head -n 1 || true)
	[[ -n "$PORT" ]] && break
	kill -0 "$APP_PID" 2>/dev/null || fail "the app exited during startup"
	sleep 0.5
done
[[ -n "$PORT" ]] || fail "the app did not report its port"
BASE="http://127.0.0.1:$PORT"
curl -fs "$BASE/actuator/health" > /dev/null || fail "the app did not become healthy"
pass "app is up on $BASE"

grep -q "CPU limit 1.5 from $SOURCE" "$LOG" || fail "log does not report 'CPU limit 1.5 from $SOURCE'"
pass "log reports CPU limit 1.5 from $SOURCE"
grep -q "Executor 'cpu' sized 2 core and 2 max threads" "$LOG" || fail "log does not report the cpu pool at 2 threads"
pass "log reports the cpu pool at 2 core and 2 max threads"

# The metrics are published by the metrics part of the starter; check them where present.
metric() { curl -fs "$BASE/actuator/metrics/$1" 2>/dev/null | sed -n 's/.*"value":\([0-9.eE+-]*\).*/\1/p' | head -n 1; }
LIMIT_METRIC=$(metric concurrency.cpu.limit || true)
if [[ -n "$LIMIT_METRIC" ]]; then
	[[ "$LIMIT_METRIC" == 1.5 ]] || fail "concurrency.cpu.limit is $LIMIT_METRIC, expected 1.5"
	pass "/actuator/metrics/concurrency.cpu.limit = 1.5"
else
	echo "note: /actuator/metrics/concurrency.cpu.limit is not available in this build; checked the logs only"
fi
POOL_METRIC=$(metric "executor.pool.max?tag=name:cpu" || true)
if [[ -n "$POOL_METRIC" ]]; then
	[[ "${POOL_METRIC%.0}" == 2 ]] || fail "executor.pool.max{name=cpu} is $POOL_METRIC, expected 2"
	pass "/actuator/metrics/executor.pool.max{name=cpu} = 2"
fi

echo "Lowering the quota to 50000/100000"
set_quota 50000
CHANGED_AT=$(date +%s%N)
DEADLINE=$(( CHANGED_AT + (REFRESH_SECONDS + 1) * 1000000000 ))
until grep -q "Executor 'cpu' resized from 2 to 1 threads" "$LOG"; do
	(( $(date +%s%N) < DEADLINE + 2000000000 )) || fail "the cpu pool did not follow the new quota"
	sleep 0.05
done
FOLLOWED_AT=$(date +%s%N)
ELAPSED_MS=$(( (FOLLOWED_AT - CHANGED_AT) / 1000000 ))
(( FOLLOWED_AT <= DEADLINE )) || fail "the cpu pool followed after ${ELAPSED_MS} ms, more than $(( REFRESH_SECONDS + 1 )) s"
pass "cpu pool resized from 2 to 1 threads ${ELAPSED_MS} ms after the change (limit $(( REFRESH_SECONDS + 1 )) s)"
grep -q "CPU limit changed from 1.5 to 0.5 ($SOURCE)" "$LOG" || fail "no INFO line 'CPU limit changed from 1.5 to 0.5'"
pass "log: $(grep -o "CPU limit changed from 1.5 to 0.5 ($SOURCE)" "$LOG")"
LIMIT_METRIC=$(metric concurrency.cpu.limit || true)
if [[ -n "$LIMIT_METRIC" ]]; then
	[[ "$LIMIT_METRIC" == 0.5 ]] || fail "concurrency.cpu.limit is $LIMIT_METRIC, expected 0.5"
	pass "/actuator/metrics/concurrency.cpu.limit = 0.5"
fi
POOL_METRIC=$(metric "executor.pool.max?tag=name:cpu" || true)
if [[ -n "$POOL_METRIC" ]]; then
	[[ "${POOL_METRIC%.0}" == 1 ]] || fail "executor.pool.max{name=cpu} is $POOL_METRIC, expected 1"
	pass "/actuator/metrics/executor.pool.max{name=cpu} = 1"
fi
# Boot's console pattern abbreviates the starter's loggers to 'i.s.c.' or 'i.s.concurrency.'
WARNINGS=$(grep -cE ' WARN [0-9]+ --- .*\] (io\.structured|i\.s)\.(c|concurrency)\.' "$LOG" || true)
[[ "$WARNINGS" == 0 ]] || fail "the starter logged $WARNINGS WARN lines"
pass "no WARN from the starter"
echo "PASS (application log: $LOG)"
