#!/usr/bin/env bash
# ghostflink with --max-cpu-ratio 0.5 after the bench's own flags (frontier case of session 34)
[ "$1" = migrate ] && exec /work/main/bin/ghostflink "$@" --max-cpu-ratio 0.5
exec /work/main/bin/ghostflink "$@"
