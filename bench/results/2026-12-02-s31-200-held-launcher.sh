#!/usr/bin/env bash
# Holds the copy for its first 60 s with a throttle flag file: the job follows the binlog and applies, copies nothing.
ghostflink="$(cd "$(dirname "$0")/../.." && pwd)/bin/ghostflink"
if [ "${1:-}" = migrate ]; then
  flag=/tmp/held/flag; touch "$flag"
  ( sleep 60; rm -f "$flag" ) &
  shift
  exec "$ghostflink" migrate --throttle-flag-file "$flag" "$@"
fi
exec "$ghostflink" "$@"
