#!/bin/sh
# Through-the-agent benchmark (see bench/agent.py and README.md). Arguments go to agent.py (--runs, --dist, ...).
here=$(cd -P -- "$(dirname -- "$0")" && pwd -P) || exit 1
python=/usr/bin/python3
[ -x "$python" ] || python=python3
exec "$python" "$here/agent.py" "$@"
