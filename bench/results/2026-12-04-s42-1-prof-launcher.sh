#!/usr/bin/env bash
# ghostflink under async-profiler 2.9: ASYNC_PROFILER_LIB is the .so from the jar of
# tools.profiler:async-profiler:2.9 (linux-x64/libasyncProfiler.so), PROFILE_DIR where the collapsed
# stacks go, each under its thread's name. Appends to GHOSTFLINK_JAVA_OPTS: the bench passes its log
# file there. Run it as the second case of a build (add,add@this): a JVM that writes the class data
# archive refuses the agent.
root=${GHOSTFLINK_ROOT:-/work/main}
lib=${ASYNC_PROFILER_LIB:-/tmp/ap/linux-x64/libasyncProfiler.so}
out=${PROFILE_DIR:-/tmp/s42/prof}
export GHOSTFLINK_JAVA_OPTS="${GHOSTFLINK_JAVA_OPTS:-} -agentpath:$lib=start,event=itimer,interval=5ms,threads,collapsed,file=$out/prof-%p.txt"
exec "$root/bin/ghostflink" "$@"
