#!/usr/bin/env bash
# Load benchmark of `aws-vault exec --ecs-server` (not a test): N concurrent clients ask the ECS credential server for
# credentials for a fixed time; prints requests/s, p50/p99 latency and how many STS calls the server caused.
#
#   bench/ecs-server-load.sh [--clients N] [--seconds S] [--refresh]
#
# --refresh makes the session short-lived for the server (--duration 15m with AWS_MIN_TTL=14m55s: every 5 s the
# credentials are too close to expiry and are fetched again), to show one STS call per refresh under load.
#
# Runs the assembled launcher (launcher/target/aws-vault, or $AWS_VAULT_LAUNCHER), the AWS emulator
# (testing/aws-emulator, as STS; it counts the calls) and bench/EcsLoadClient.java as the child, in a temporary HOME.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
LAUNCHER=${AWS_VAULT_LAUNCHER:-$ROOT/launcher/target/aws-vault/bin/aws-vault}
CLIENTS=16
SECONDS_=10
REFRESH=0
while [ $# -gt 0 ]; do
    case "$1" in
        --clients) CLIENTS=$2; shift 2 ;;
        --seconds) SECONDS_=$2; shift 2 ;;
        --refresh) REFRESH=1; shift ;;
        *) echo "usage: $0 [--clients N] [--seconds S] [--refresh]" >&2; exit 2 ;;
    esac
done
[ -x "$LAUNCHER" ] || { echo "no launcher at $LAUNCHER (mvn -B install first)" >&2; exit 2; }

M2=${M2_REPO:-$HOME/.m2/repository}
EMULATOR=$(ls "$ROOT"/testing/aws-emulator/target/aws-emulator-*.jar 2>/dev/null | grep -v -e sources -e tests | head -1 || true)
[ -n "$EMULATOR" ] || EMULATOR=$(ls "$M2"/dev/awsvault/aws-emulator/*/aws-emulator-*.jar | grep -v sources | tail -1)
JACKSON=$(ls "$M2"/com/fasterxml/jackson/core/jackson-core/*/jackson-core-*.jar | grep -v sources | tail -1)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

T=$(mktemp -d)
EMU_PID=
cleanup() {
    [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null || true
    rm -rf "$T"
}
trap cleanup EXIT

: > "$T/emulator.log"
"$JAVA" -cp "$EMULATOR:$JACKSON" dev.awsvault.testing.aws.AwsEmulatorMain --port 0 \
    --seed bench:AKIABENCH0000000001:bench-secret --log > "$T/emulator.log" 2>&1 &
EMU_PID=$!
for _ in $(seq 100); do grep -q 'listening on' "$T/emulator.log" && break; sleep 0.1; done
ENDPOINT=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$T/emulator.log" | head -1)
[ -n "$ENDPOINT" ] || { echo "the AWS emulator did not start:" >&2; cat "$T/emulator.log" >&2; exit 1; }

mkdir -p "$T/home/.aws"
printf '[profile bench]\nregion = us-east-1\n' > "$T/home/.aws/config"
run() {
    env -i PATH="$PATH" HOME="$T/home" XDG_CACHE_HOME="$T/cache" XDG_DATA_HOME="$T/data" LANG=C.UTF-8 \
        ${JAVA_HOME:+JAVA_HOME=$JAVA_HOME} AWS_VAULT_BACKEND=file AWS_VAULT_FILE_PASSPHRASE=bench \
        AWS_ENDPOINT_URL="$ENDPOINT" "$@"
}
run AWS_ACCESS_KEY_ID=AKIABENCH0000000001 AWS_SECRET_ACCESS_KEY=bench-secret "$LAUNCHER" add --env bench > /dev/null

EXTRA=()
MIN_TTL=()
if [ "$REFRESH" = 1 ]; then
    EXTRA=(--duration 15m)
    MIN_TTL=(AWS_MIN_TTL=14m55s)
fi
echo "ECS server load: $CLIENTS clients, $SECONDS_ s measured, refresh=$REFRESH, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
run "${MIN_TTL[@]}" "$LAUNCHER" exec --ecs-server --lazy "${EXTRA[@]}" bench -- \
    "$JAVA" "$HERE/EcsLoadClient.java" --clients "$CLIENTS" --seconds "$SECONDS_"
echo "STS calls          $(grep -c 'sts:GetSessionToken' "$T/emulator.log") GetSessionToken"
