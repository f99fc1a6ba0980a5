#!/usr/bin/env bash
# Soak test (not part of the build): mixed load on the sample app with wrk for a long time,
# sampling every SAMPLE_SECONDS the heap after a full GC, the live and tracked tasks, the
# leaks kept and the live threads, and counting the answers by status from the app's own
# http.server.requests metric. The goal is a flat heap and thread count and no 500.
#
# Settings (environment): DURATION_SECONDS (600), SAMPLE_SECONDS (10), CONNECTIONS (16),
# HEAP (256m), PORT (18280), JAVA_HOME (the JDK to run the app on), REBUILD (1 rebuilds the
# sample jar first). Runs a copy of the jar, writes the samples and a summary to standard
# output.
set -euo pipefail
source "$(dirname "$0")/common.sh"

duration=${DURATION_SECONDS:-600}
interval=${SAMPLE_SECONDS:-10}
connections=${CONNECTIONS:-16}
heap=${HEAP:-256m}
port=${PORT:-18280}
java_cmd=${JAVA_HOME:+$JAVA_HOME/bin/}java
jcmd_cmd=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
base="http://127.0.0.1:$port"

for tool in wrk jq curl; do
	command -v "$tool" >/dev/null || { log "$tool is needed (apt-get install $tool)"; exit 1; }
done

ensure_port_free "$port"
work=$(mktemp -d)
# run a copy, so that a build during the soak cannot pull the jar from under the JVM
cp "$(ensure_sample_jar)" "$work/sample-app.jar"
app_log="$work/app.log"
samples="$work/samples"
"$java_cmd" -Xmx"$heap" -jar "$work/sample-app.jar" --server.port="$port" --server.address=127.0.0.1 \
	--spring.main.banner-mode=off --logging.level.root=WARN \
	--logging.level.io.structured.concurrency.core.TaskLeakLogger=ERROR >"$app_log" 2>&1 &
pid=$!
wrk_pid=""
cleanup() {
	[[ -n "$wrk_pid" ]] && kill "$wrk_pid" 2>/dev/null || true
	stop_pid "$pid"
	rm -rf "$work"
}
trap cleanup EXIT
await_up "$base/actuator/health" "$pid"

metric() {
	curl -sf "$base/actuator/metrics/$1" | jq -r '.measurements[0].value' || echo 0
}

# answers so far by route and status, one "route status=count ..." line per route
statuses() {
	local uri status encoded
	for uri in $(curl -sf "$base/actuator/metrics/http.server.requests" |
		jq -r '.availableTags[] | select(.tag == "uri") | .values[]' | sort); do
		encoded=$(jq -rn --arg u "$uri" '$u | @uri')
		printf '%s' "$uri"
		for status in $(curl -sf "$base/actuator/metrics/http.server.requests?tag=uri:$encoded" |
			jq -r '.availableTags[] | select(.tag == "status") | .values[]' | sort); do
			printf ' %s=%s' "$status" \
				"$(metric "http.server.requests?tag=uri:$encoded&tag=status:$status" | awk '{ printf "%d", $1 }')"
		done
		echo
	done
}

sample() {
	"$jcmd_cmd" "$pid" GC.run >/dev/null
	local heap_mb tasks threads
	heap_mb=$(metric "jvm.memory.used?tag=area:heap" | awk '{ printf "%.1f", $1 / 1048576 }')
	tasks=$(curl -sf "$base/actuator/tasks?limit=0" | jq -r '.summary | "\(.active) \(.tracked) \(.leaked)"')
	threads=$(metric jvm.threads.live | awk '{ printf "%d", $1 }')
	echo "$1 $heap_mb $tasks $threads"
}

log "soaking $base for ${duration}s with $connections connections, heap $heap, $("$java_cmd" -version 2>&1 | head -1)"
echo "# seconds heapAfterGcMb activeTasks trackedTasks leakedTasks liveThreads"
sample 0 | tee -a "$samples"
wrk -t1 -c"$connections" -d"${duration}s" --timeout 10s -s "$(dirname "$0")/soak.lua" "$base" >"$work/wrk" 2>&1 &
wrk_pid=$!
start=$(date +%s)
next=$interval
while kill -0 "$wrk_pid" 2>/dev/null; do
	sleep $((start + next - $(date +%s) > 0 ? start + next - $(date +%s) : 0))
	kill -0 "$wrk_pid" 2>/dev/null || break
	sample "$next" | tee -a "$samples"
	next=$((next + interval))
done
wait "$wrk_pid" || true
wrk_pid=""
sleep 5
sample "after" | tee -a "$samples"
echo "# wrk"
cat "$work/wrk"
echo "# answers by route and status (the suppliers' 500s are the ones asked for with fail=)"
statuses | sed 's/^/#   /'
# the first minute is warm-up (JIT, pools growing), so compare the rest
awk '
	$1 ~ /^[0-9]+$/ && $1 >= 60 {
		n++; heap[n] = $2; threads[n] = $6
		if (n == 1 || $2 < hmin) hmin = $2; if ($2 > hmax) hmax = $2
		if (n == 1 || $6 < tmin) tmin = $6; if ($6 > tmax) tmax = $6
	}
	END {
		if (n < 2) { print "# too short a run for a summary"; exit }
		half = int(n / 2); for (i = 1; i <= half; i++) { a += heap[i]; b += heap[n - half + i] }
		printf "# after the first minute: heap after GC %.1f-%.1f MB (mean of first half %.1f, second half %.1f), live threads %d-%d\n",
			hmin, hmax, a / half, b / half, tmin, tmax
	}' "$samples"
# the app logs at WARN and above only; leaked tasks (asked for by /leak) are not logged
echo "# application log: $(grep -cE '^[0-9-]+T.* (WARN|ERROR) |^Exception|Error:' "$app_log") lines at WARN or above"
grep -E ' (WARN|ERROR) |^Exception|Error:' "$app_log" | cut -c1-200 | sort | uniq -c | sort -rn | head -5 | sed 's/^/#   /'
if grep -q "OutOfMemoryError" "$app_log"; then
	echo "# the application ran out of memory"
fi
