#!/usr/bin/env bash
# Holds the copy for its first 60 s with a throttle flag file: the job follows the binlog and applies, copies nothing.
if [ "${1:-}" = migrate ]; then
  flag=/tmp/held/flag; touch "$flag"
  ( sleep 60; rm -f "$flag" ) &
  shift
  exec /work/main/bin/ghostflink migrate --throttle-flag-file "$flag" "$@"
fi
exec /work/main/bin/ghostflink "$@"
