#!/usr/bin/env bash
# ghostflink with G1 instead of the launcher's default serial collector (a collector named in
# GHOSTFLINK_JAVA_OPTS replaces it); appends, as the bench passes its log file there
export GHOSTFLINK_JAVA_OPTS="${GHOSTFLINK_JAVA_OPTS:-} -XX:+UseG1GC"
exec "${GHOSTFLINK_ROOT:-/work/main}/bin/ghostflink" "$@"
