#!/usr/bin/env bash
# Records a service jar's JDK AOT cache as docker/Dockerfile does: extract the jar, then a
# training run that starts the application context (reaching no Kafka: admin calls that
# fail fast) and exits. The system tests start every service JVM with it (ServiceJar).
#
# Usage: aot-train.sh <jar> <dir> [jvm options...]   (JAVA: the java to use)
# Writes <dir>/app.aot, <dir>/training.log and, last, <dir>/source.stamp: the jar's size and
# modification time in milliseconds, by which ServiceJar knows the cache is the jar's.
set -euo pipefail
jar=$1
dir=$2
shift 2
java=${JAVA:-java}

mkdir -p "$dir"
rm -f "$dir/source.stamp"
"$java" -Djarmode=tools -jar "$jar" extract --force --destination "$dir" > "$dir/training.log" 2>&1
SERVER_PORT=0 "$java" "$@" -XX:AOTCacheOutput="$dir/app.aot" -Dspring.context.exit=onRefresh \
  -Dspring.profiles.active=local -Dspring.kafka.bootstrap-servers=localhost:1 \
  -Dspring.kafka.admin.properties.default.api.timeout.ms=2000 \
  -Dspring.kafka.admin.properties.request.timeout.ms=1000 \
  -jar "$dir/$(basename "$jar")" >> "$dir/training.log" 2>&1 \
  || { echo "AOT training of $jar failed; see $dir/training.log" >&2; exit 1; }
echo "$(stat -c %s "$jar") $(date -r "$jar" +%s%3N)" > "$dir/source.stamp"
