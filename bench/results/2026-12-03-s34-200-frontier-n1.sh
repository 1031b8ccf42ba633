#!/usr/bin/env bash
# ghostflink with --nice-ratio 1 after the bench's own flags (frontier case of session 34)
[ "$1" = migrate ] && exec /work/main/bin/ghostflink "$@" --nice-ratio 1
exec /work/main/bin/ghostflink "$@"
