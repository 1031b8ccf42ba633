#!/usr/bin/env bash
# ghostflink with the full JIT (C2): the script's -XX:TieredStopAtLevel=1 comes before these options
export GHOSTFLINK_JAVA_OPTS="${GHOSTFLINK_JAVA_OPTS:-} -XX:TieredStopAtLevel=4"
exec "$(cd "$(dirname "$0")/../.." && pwd)/bin/ghostflink" "$@"
