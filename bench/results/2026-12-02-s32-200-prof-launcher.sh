#!/usr/bin/env bash
# ghostflink under async-profiler 2.9 (the .so from tools.profiler:async-profiler:2.9's jar, unpacked
# to /tmp/ap). Appends to GHOSTFLINK_JAVA_OPTS: the bench passes its log file there. Run it as the
# second case of a build (add,add@this): a JVM that writes the class data archive refuses the agent.
export GHOSTFLINK_JAVA_OPTS="${GHOSTFLINK_JAVA_OPTS:-} -agentpath:/tmp/ap/linux-x64/libasyncProfiler.so=start,event=itimer,interval=5ms,collapsed,file=/tmp/s32/prof-%p.txt"
exec /work/main/bin/ghostflink "$@"
