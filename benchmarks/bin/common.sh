# Shared helpers of the benchmark scripts; sourced, not run.
# shellcheck shell=bash

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
benchmarks_jar="$root/benchmarks/target/benchmarks.jar"

log() {
	echo "[$(date +%H:%M:%S)] $*" >&2
}

load1() {
	cut -d' ' -f1 /proc/loadavg
}

# Builds the benchmarks jar unless it is there already (REBUILD=1 forces it).
ensure_benchmarks_jar() {
	if [[ ! -f "$benchmarks_jar" || "${REBUILD:-0}" == 1 ]]; then
		log "building benchmarks/target/benchmarks.jar"
		(cd "$root" && ./mvnw -B -q -pl benchmarks -am -DskipTests package)
	fi
}

# Prints the path of the sample app's executable jar, building it first unless it is there
# already (REBUILD=1 forces it).
ensure_sample_jar() {
	local jar
	jar=$(ls "$root"/sample-app/target/sample-app-*.jar 2>/dev/null | grep -v original | head -1 || true)
	if [[ -z "$jar" || "${REBUILD:-0}" == 1 ]]; then
		log "building the sample app"
		(cd "$root" && ./mvnw -B -q -pl sample-app -am -DskipTests package >&2)
		jar=$(ls "$root"/sample-app/target/sample-app-*.jar | grep -v original | head -1)
	fi
	echo "$jar"
}

# Waits until a URL answers 200, or fails after 90 seconds.
await_up() {
	local url=$1 pid=$2
	for _ in $(seq 1 180); do
		if ! kill -0 "$pid" 2>/dev/null; then
			log "the application (pid $pid) exited during startup"
			return 1
		fi
		if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" == 200 ]]; then
			return 0
		fi
		sleep 0.5
	done
	log "no answer from $url after 90 s"
	return 1
}

# Stops a process this script started, by its pid.
stop_pid() {
	local pid=$1
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 40); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.25
		done
		kill -9 "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

# CPU time (user + system) of a process, in clock ticks.
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Fails if something already listens on a local TCP port.
ensure_port_free() {
	if (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
		log "port $1 is in use; set PORT to a free one"
		exit 1
	fi
}
