#!/usr/bin/env bash
# ghostflink with --max-commit-latency-ratio 2 after the bench's own flags (frontier case of session 34)
[ "$1" = migrate ] && exec /work/main/bin/ghostflink "$@" --max-commit-latency-ratio 2
exec /work/main/bin/ghostflink "$@"
