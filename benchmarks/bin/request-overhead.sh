#!/usr/bin/env bash
# Benchmark 4, request overhead: the sample app under wrk on a cheap endpoint, with the
# starter's request filter on and off (concurrency.request.enabled), same jar, alternating
# runs. Reports requests/s and CPU time of the app per request, and the ratios on/off.
#
# The filter leaves /actuator/** alone by default (concurrency.request.excluded-paths), so the
# script excludes nothing instead, which puts the health endpoint behind the filter.
#
# Settings (environment): ROUNDS (3), SECONDS_PER_RUN (10), WARMUP_SECONDS (5),
# CONNECTIONS (8), ENDPOINT (/actuator/health), PORT (18180). Installs wrk if missing.
set -euo pipefail
source "$(dirname "$0")/common.sh"

rounds=${ROUNDS:-3}
seconds=${SECONDS_PER_RUN:-10}
warmup=${WARMUP_SECONDS:-5}
connections=${CONNECTIONS:-8}
endpoint=${ENDPOINT:-/actuator/health}
port=${PORT:-18180}
url="http://127.0.0.1:$port$endpoint"
clk_tck=$(getconf CLK_TCK)

if ! command -v wrk >/dev/null; then
	log "installing wrk (Debian package)"
	if [[ $(id -u) == 0 ]]; then
		apt-get update -qq && apt-get install -y -qq wrk >/dev/null
	else
		sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null
	fi
fi

sample_jar=$(ensure_sample_jar)

ensure_port_free "$port"
results=$(mktemp)
trap 'rm -f "$results"' EXIT
log "endpoint $url, $rounds rounds of ${seconds}s per mode, $connections connections, load $(load1)"
for round in $(seq 1 "$rounds"); do
	# alternate the order from round to round so that drift in the machine's load hits both
	if (( round % 2 )); then order="true false"; else order="false true"; fi
	for filter in $order; do
		java -jar "$sample_jar" --server.port="$port" --server.address=127.0.0.1 \
			--concurrency.request.enabled="$filter" --concurrency.request.excluded-paths=/no-path-excluded \
			--spring.main.banner-mode=off \
			--logging.level.root=WARN >/dev/null 2>&1 &
		pid=$!
		await_up "$url" "$pid"
		wrk -t1 -c"$connections" -d"${warmup}s" "$url" >/dev/null
		before=$(cpu_ticks "$pid")
		load_before=$(load1)
		out=$(wrk -t1 -c"$connections" -d"${seconds}s" "$url")
		after=$(cpu_ticks "$pid")
		stop_pid "$pid"
		rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
		requests=$(awk '/requests in/ { print $1 }' <<<"$out")
		non2xx=$(awk '/Non-2xx/ { print $NF }' <<<"$out")
		cpu_us=$(awk -v t=$((after - before)) -v hz="$clk_tck" -v n="$requests" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
		line="RESULT round=$round filter=$filter rps=$rps requests=$requests non2xx=${non2xx:-0} cpuUsPerRequest=$cpu_us load=$load_before"
		echo "$line"
		echo "$line" >>"$results"
	done
done

on_rps=$(awk '/filter=true/ { sub("rps=", "", $4); print $4 }' "$results" | median)
off_rps=$(awk '/filter=false/ { sub("rps=", "", $4); print $4 }' "$results" | median)
on_cpu=$(awk '/filter=true/ { sub("cpuUsPerRequest=", "", $7); print $7 }' "$results" | median)
off_cpu=$(awk '/filter=false/ { sub("cpuUsPerRequest=", "", $7); print $7 }' "$results" | median)
awk -v a="$on_rps" -v b="$off_rps" -v c="$on_cpu" -v d="$off_cpu" 'BEGIN {
	printf "SUMMARY median rps on=%s off=%s ratio=%.3f; median CPU us/request on=%s off=%s ratio=%.3f\n", a, b, a / b, c, d, c / d }'
