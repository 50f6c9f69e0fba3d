#!/usr/bin/env bash
# What traces cost: the side-by-side benchmark (../shared/bench/side_by_side.sh)
# run with traces off, then on at a 100 % sample rate, exported over OTLP/HTTP
# to a sink on this machine (.ci/otlp-sink.py), interleaved pairs. Compare
# ours' requests/s between the runs; the baseline's column shows the noise.
# Needs wrk and the ../shared checkout beside this repository.
#
# Usage: .ci/bench-traces.sh [SECONDS=6] [ROUNDS=2] [PAIRS=2] [sqlite|postgres]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
script="$root/../shared/bench/side_by_side.sh"
[ -x "$script" ] || { echo "no $script beside this repository" >&2; exit 1; }
cargo build --release --quiet -p hackernews --manifest-path "$root/Cargo.toml"
cd "$root"
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
python3 .ci/otlp-sink.py "$port" &
sink=$!
trap 'kill $sink 2>/dev/null || true' EXIT
for pair in $(seq "${3:-2}"); do
  echo "== pair $pair: traces off"
  "$script" target/release/hackernews "${1:-6}" "${2:-2}" "${4:-sqlite}"
  echo "== pair $pair: traces on, every request sampled"
  OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$port" TRACE_SAMPLE_RATIO=1 \
    "$script" target/release/hackernews "${1:-6}" "${2:-2}" "${4:-sqlite}"
done
kill -TERM $sink; wait $sink || true
