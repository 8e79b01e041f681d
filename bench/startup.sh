#!/bin/sh
# Start-up benchmark of the assembled launcher (see README.md): aws-vault list and
# aws-vault exec --no-session home -- true, beside a JVM hello world, on the newest JDK and on JDK 17,
# with and without the class-data archive. Arguments go to startup.py (--runs, --jdk, --dist, ...).
here=$(cd -P -- "$(dirname -- "$0")" && pwd -P) || exit 1
python=/usr/bin/python3
[ -x "$python" ] || python=python3
exec "$python" "$here/startup.py" "$@"
