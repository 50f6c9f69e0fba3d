#!/usr/bin/env bash
# This server against the same API written by hand with async-graphql's
# derive macros (../shared/baselines/codefirst-hn), side by side in one run,
# on SQLite and on PostgreSQL: the release build, then the shared
# side-by-side script (same data seeded through each API, wrk -t1 -c32,
# interleaved rounds), which prints requests/s and ours/baseline ratios.
# Needs wrk (apt-get install wrk) and the ../shared checkout beside this
# repository; the baseline is built once into target/baseline.
#
# Usage: .ci/bench-side-by-side.sh [SECONDS=8] [ROUNDS=3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
script="$root/../shared/bench/side_by_side.sh"
[ -x "$script" ] || { echo "no $script beside this repository" >&2; exit 1; }
cargo build --release --quiet -p hackernews --manifest-path "$root/Cargo.toml"
cd "$root"
for database in sqlite postgres; do
  echo "== $database"
  "$script" target/release/hackernews "${1:-8}" "${2:-3}" "$database"
done
