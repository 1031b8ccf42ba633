#!/usr/bin/env bash
# ghostflink with the serial collector instead of G1
export GHOSTFLINK_JAVA_OPTS="${GHOSTFLINK_JAVA_OPTS:-} -XX:+UseSerialGC"
exec "$(cd "$(dirname "$0")/../.." && pwd)/bin/ghostflink" "$@"
