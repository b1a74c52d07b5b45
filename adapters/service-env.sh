#!/bin/sh
# Runs a command in the environment patrolcast's service runs in (the `patrolcast` command starts node
# through it). glibc gives each thread that allocates (libuv's pool, the map and forest workers) a
# malloc arena of its own, up to eight per core, and seldom returns their freed pages: two arenas keep
# a 200-channel briefing run about 60 MB lower at its peak (README, bench:briefings). A value already
# set is kept.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec "$@"
