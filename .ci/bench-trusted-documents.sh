#!/usr/bin/env bash
# Trusted documents, measured: the side-by-side benchmark's nested query
# sent by id to an instance in `enforce` mode, against the same query sent
# as text to an instance with the mode off. Both on SQLite, seeded alike by
# `hackernews seed` (20 users, 100 links, 300 votes), wrk -t1 -c32 in
# interleaved rounds after a warm-up; prints requests/s and the ratio
# (median of rounds). Needs wrk (apt-get install wrk).
#
# Usage: .ci/bench-trusted-documents.sh [SECONDS=8] [ROUNDS=3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds=${1:-8}
rounds=${2:-3}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
cargo build --release --quiet -p hackernews --manifest-path "$root/Cargo.toml"
bin="$root/target/release/hackernews"
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

query='{ links { id url postedBy { username } votes { user { username } } } }'
id=$(printf '%s' "$query" | sha256sum | cut -d' ' -f1)
python3 -c 'import json,sys; print(json.dumps({sys.argv[1]: sys.argv[2]}))' "$id" "$query" >"$tmp/manifest.json"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

start() { # name port [env...]
  local name=$1 port=$2
  shift 2
  local url="sqlite://$tmp/$name.db?mode=rwc"
  DATABASE_URL=$url JWT_SECRET=bench-secret-0123456789abcdef DATA_DIR="$tmp" RUST_LOG=warn "$bin" seed >/dev/null
  env "$@" PORT="$port" DATABASE_URL="$url" JWT_SECRET=bench-secret-0123456789abcdef \
    DATA_DIR="$tmp" RUST_LOG=warn "$bin" serve >"$tmp/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && return 0
    sleep 0.1
  done
  echo "$name did not start:" >&2
  cat "$tmp/$name.log" >&2
  exit 1
}

text_port=$(free_port)
start text "$text_port" TRUSTED_DOCUMENTS_MODE=off
id_port=$(free_port)
start by_id "$id_port" TRUSTED_DOCUMENTS="$tmp/manifest.json" TRUSTED_DOCUMENTS_MODE=enforce

text_body=$(python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1]}))' "$query")
id_body="{\"documentId\":\"sha256:$id\"}"
for kind in text id; do
  body_var="${kind}_body"
  printf 'wrk.method="POST"\nwrk.headers["Content-Type"]="application/json"\nwrk.body=[==[%s]==]\n' "${!body_var}" >"$tmp/$kind.lua"
done

# The same answer both ways, and an unlisted text refused where only listed
# documents run.
a=$(curl -s -H 'content-type: application/json' -d "$text_body" "http://127.0.0.1:$text_port/graphql" | sha256sum)
b=$(curl -s -H 'content-type: application/json' -d "$id_body" "http://127.0.0.1:$id_port/graphql" | sha256sum)
[ "$a" = "$b" ] || { echo "the answers differ" >&2; exit 1; }
refused=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' -d '{"query":"{ links { id } }"}' "http://127.0.0.1:$id_port/graphql")
[ "$refused" = 403 ] || { echo "enforce served an unlisted text ($refused)" >&2; exit 1; }
echo "same answer by id (enforce) and by text (off); an unlisted text under enforce: $refused"

rps() { wrk -t1 -c32 -d"${seconds}s" -s "$tmp/$2.lua" "http://127.0.0.1:$1/graphql" 2>&1 | awk '/Requests\/sec/{print $2} /Non-2xx/{print "NON2XX"}' | tr '\n' ' '; }
wrk -t1 -c8 -d1s -s "$tmp/text.lua" "http://127.0.0.1:$text_port/graphql" >/dev/null 2>&1
wrk -t1 -c8 -d1s -s "$tmp/id.lua" "http://127.0.0.1:$id_port/graphql" >/dev/null 2>&1
texts=""
ids=""
for _ in $(seq "$rounds"); do
  texts="$texts $(rps "$text_port" text)"
  ids="$ids $(rps "$id_port" id)"
done
python3 - "$texts" "$ids" <<'PY'
import sys, statistics as s
text = [float(x) for x in sys.argv[1].split() if x[0].isdigit()]
ids = [float(x) for x in sys.argv[2].split() if x[0].isdigit()]
if "NON2XX" in sys.argv[1] + sys.argv[2]:
    sys.exit("some answers were not 2xx")
mt, mi = s.median(text), s.median(ids)
print(f"nested, text (mode off):  {mt:8.0f} req/s   ({' '.join(f'{x:.0f}' for x in text)})")
print(f"nested, by id (enforce):  {mi:8.0f} req/s   ({' '.join(f'{x:.0f}' for x in ids)})")
print(f"by id / text: {mi / mt:.2f}")
PY
