#!/usr/bin/env bash
# The mock server's speed (`weftql-mock`), on two schemas:
#
# - hackernews: schema.graphql with the nested query of the issue,
#   `links { … postedBy { … } votes { id user { username } link { id } } } me { … }`;
# - github: codegen/tests/corpus/github.graphql (64,309 lines) with a viewer,
#   repositories, owners and issues query.
#
# For each, the release binary is started under /usr/bin/time -v on port 0
# and measured for:
# - start-up: from launch to the first successful answer to the query
#   (polled every 5 ms with curl);
# - requests/s: wrk with one thread and 32 connections for DURATION seconds
#   (default 10), POSTing the query; the answer is checked for errors first;
# - CPU per request: the server's user+system time over the whole run
#   divided by the requests wrk completed;
# - peak memory: the server's maximum resident set size.
#
# The machine has 2 cores, shared by wrk and the server.
#
# Usage: .ci/bench-mock.sh [DURATION]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${CORPUS:-$root/codegen/tests/corpus}"
duration="${1:-10}"
bin="$root/target/release/weftql-mock"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install -y time" >&2; exit 1; }

echo "== building hackernews (release)"
cargo build --release --quiet -p weftql-mock --manifest-path "$root/Cargo.toml"

cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = io.open(os.getenv("BODY"))
wrk.body = file:read("*a")
file:close()
LUA

hackernews_query='{ links { id url description postedBy { id username email dateJoined } votes { id user { username } link { id } } } me { id username email } }'
github_query='{ viewer { login name avatarUrl repositories(first: 10) { totalCount pageInfo { hasNextPage endCursor } nodes { nameWithOwner description stargazerCount createdAt owner { login } issues(first: 5, states: [OPEN]) { nodes { title createdAt author { login } } } } } } }'

now_ms() { date +%s%3N; }

# bench NAME SCHEMA QUERY
bench() {
    local name="$1" schema="$2" query="$3"
    local body="$work/$name.json" out="$work/$name.out" err="$work/$name.err" usage="$work/$name.time"
    printf '{"query": %s}' "$(printf '%s' "$query" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')" >"$body"
    local started
    started="$(now_ms)"
    RUST_LOG=warn /usr/bin/time -v -o "$usage" "$bin" --schema "$schema" --port 0 >"$out" 2>"$err" &
    local timer=$!
    local url=""
    until [ -n "$url" ]; do
        url="$(sed -n 's/^mock: serving .* at \(http[^ ]*\)$/\1/p' "$out")"
        kill -0 "$timer" 2>/dev/null || { cat "$err" >&2; exit 1; }
    done
    until curl -sf -H 'content-type: application/json' --data "@$body" "$url" -o "$work/$name.answer"; do
        sleep 0.005
    done
    local startup=$(($(now_ms) - started))
    if grep -q '"errors"' "$work/$name.answer"; then
        echo "$name: the query failed: $(head -c 500 "$work/$name.answer")" >&2
        exit 1
    fi
    BODY="$body" wrk -t1 -c32 -d"${duration}s" -s "$work/post.lua" "$url" >"$work/$name.wrk"
    local server
    server="$(pgrep -P "$timer")"
    kill -TERM "$server"
    wait "$timer" || true
    local requests rps cpu peak
    requests="$(awk '/requests in/ {print $1}' "$work/$name.wrk")"
    rps="$(awk '/Requests\/sec/ {print $2}' "$work/$name.wrk")"
    cpu="$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$usage")"
    peak="$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$usage")"
    local errors
    errors="$(awk '/Non-2xx/ {print $NF}' "$work/$name.wrk")"
    printf '%-10s start-up %5d ms | %8s req/s (%s requests, %s non-2xx) | CPU %.3f ms/request | peak RSS %s MB | answer %s bytes\n' \
        "$name" "$startup" "$rps" "$requests" "${errors:-0}" \
        "$(echo "$cpu $requests" | awk '{print 1000 * $1 / $2}')" "$peak" "$(wc -c <"$work/$name.answer")"
}

echo "== ${duration}s of wrk per schema"
bench hackernews "$root/schema.graphql" "$hackernews_query"
bench github "$corpus/github.graphql" "$github_query"
