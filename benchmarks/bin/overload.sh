#!/usr/bin/env bash
# Benchmark 5, overload: open-loop load (constant arrival rate, JDK HttpClient) on the
# CPU-bound GET /primes of the benchmarks' OverloadApp at 2x and 10x its measured capacity,
# with the starter's bounded cpu executor and 503 shedding against an executor configured as
# Spring Boot's default applicationTaskExecutor (core 8, unbounded queue) doing the same work.
# Reports goodput and p50/p99 latency of the successful requests. Loopback only; every run
# is bounded in requests (rate x seconds, at most MAX_IN_FLIGHT outstanding) and in time.
#
# Settings (environment): LIMIT (10000000, the size of the work: large enough that 10x the
# capacity stays a rate that the load generator, on the same machine, can keep), SECONDS_PER_RUN (10),
# TIMEOUT (20, seconds per request), MAX_IN_FLIGHT (4000), PORT (18181),
# MODES ("starter starter-queue-4 spring-default").
set -euo pipefail
source "$(dirname "$0")/common.sh"

limit=${LIMIT:-10000000}
seconds=${SECONDS_PER_RUN:-10}
timeout=${TIMEOUT:-20}
max_in_flight=${MAX_IN_FLIGHT:-4000}
port=${PORT:-18181}
modes=${MODES:-starter starter-queue-4 spring-default}
url="http://127.0.0.1:$port/primes?limit=$limit"

ensure_benchmarks_jar
ensure_port_free "$port"

pid=""
trap '[[ -n "$pid" ]] && stop_pid "$pid"' EXIT

start_app() {
	local mode=$1 args=()
	case "$mode" in
		starter) args=(--bench.executor=starter) ;;
		starter-queue-4) args=(--bench.executor=starter --concurrency.executors.cpu.queue-capacity=4) ;;
		spring-default) args=(--bench.executor=spring-default) ;;
		*) log "unknown mode $mode"; exit 1 ;;
	esac
	java -Xmx512m -cp "$benchmarks_jar" io.structured.concurrency.benchmarks.http.OverloadApp \
		--server.port="$port" --logging.level.root=WARN "${args[@]}" >/dev/null 2>&1 &
	pid=$!
	await_up "http://127.0.0.1:$port/primes?limit=1000" "$pid"
	# warm up the JIT with a closed loop of 4 clients
	load --closed=4 --seconds=5 --label=warmup >/dev/null
}

load() {
	java -cp "$benchmarks_jar" io.structured.concurrency.benchmarks.http.OpenLoopLoad --url="$url" \
		--timeout="$timeout" --max-in-flight="$max_in_flight" "$@"
}

run() {
	local mode=$1 label=$2
	shift 2
	local line
	line="$(load --seconds="$seconds" --label="$label" "$@") mode=$mode load=$(load1)"
	echo "$line"
}

log "work: primes below $limit; load $(load1)"
start_app starter
capacity_line=$(load --closed=4 --seconds="$seconds" --label=capacity)
stop_pid "$pid"
pid=""
capacity=$(sed -E 's/.*goodput=([0-9.]+).*/\1/' <<<"$capacity_line")
echo "$capacity_line mode=starter load=$(load1)"
log "capacity (closed loop, 4 clients): $capacity requests/s"

for mode in $modes; do
	start_app "$mode"
	run "$mode" unloaded --rate="$(awk -v c="$capacity" 'BEGIN { print c * 0.25 }')"
	run "$mode" 2x --rate="$(awk -v c="$capacity" 'BEGIN { print c * 2 }')"
	stop_pid "$pid"
	start_app "$mode"
	run "$mode" 10x --rate="$(awk -v c="$capacity" 'BEGIN { print c * 10 }')"
	stop_pid "$pid"
	pid=""
done
