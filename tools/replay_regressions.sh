#!/bin/sh
# TAP replay of regressions/ with expected outcomes (see tools/replay_regressions.py).
# usage: tools/replay_regressions.sh ["TARGETS"]
exec /usr/bin/python3 "$(dirname "$0")/replay_regressions.py" "$@"
