#!/usr/bin/env bash
# How long rustc takes over the code the generator writes.
#
# For swapi.graphql and shopify_storefront.graphql (codegen/tests/corpus), the
# release `weftql-codegen` CLI prints the generated Rust into a scratch crate under
# target/codegen-bench/ that depends on weftql-runtime, chrono and serde_json. All scratch crates share one
# CARGO_TARGET_DIR, so the dependencies build once; then `cargo check` of the
# scratch crate alone is timed after touching its lib.rs: the median of RUNS
# runs (default 3), with hyperfine when it is installed
# (`apt-get install -y hyperfine`), else with the shell's clock.
#
# First, as a benchmark of code that does not build would be meaningless,
# .ci/check-generated-code proves that the generated code of every fixture
# and corpus schema compiles and builds its engine.
#
# Usage: .ci/bench-codegen.sh [RUNS]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${CORPUS:-$root/codegen/tests/corpus}"
golden="$root/codegen/tests/golden"
work="$root/target/codegen-bench"
runs="${1:-3}"
codegen="$root/target/release/weftql-codegen"
schemas=(swapi shopify_storefront)

"$root/.ci/check-generated-code"
export CARGO_TARGET_DIR="$work/target"
# shellcheck source=generated-crate.sh
source "$root/.ci/generated-crate.sh"

# median_seconds CRATE: the median wall time of `cargo check` of CRATE after touching its lib.rs.
median_seconds() {
  local crate="$1"
  local check=(cargo check --offline --quiet --manifest-path "$crate/Cargo.toml")
  if command -v hyperfine >/dev/null; then
    hyperfine --style basic --runs "$runs" --prepare "touch $(printf %q "$crate/src/lib.rs")" \
      --export-csv "$crate/timing.csv" "$(printf '%q ' "${check[@]}")" >&2
    awk -F, 'NR == 2 { printf "%.2f", $4 }' "$crate/timing.csv"
  else
    local times=() start end
    for _ in $(seq "$runs"); do
      touch "$crate/src/lib.rs"
      start="$(date +%s.%N)"
      "${check[@]}"
      end="$(date +%s.%N)"
      times+=("$(awk -v start="$start" -v end="$end" 'BEGIN { print end - start }')")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f", t[int((NR + 1) / 2)] }'
  fi
}

results=()
for name in "${schemas[@]}"; do
  crate="$work/$name"
  new_crate "$crate" "bench-$name"
  "$codegen" --config /dev/null print "$corpus/$name.graphql" >"$crate/src/lib.rs"
  echo "== $name.graphql: building the dependencies, then timing cargo check of the generated code"
  cargo check --quiet --manifest-path "$crate/Cargo.toml"
  lines="$(wc -l <"$crate/src/lib.rs")"
  results+=("$(printf '%-28s %10s %14s s' "$name.graphql" "$lines" "$(median_seconds "$crate")")")
done

echo
printf '%-28s %10s %16s\n' "schema" "lines" "cargo check"
printf '%s\n' "${results[@]}"
echo "(generated lines; median of $runs runs of cargo check after touching lib.rs)"
