#!/usr/bin/env bash
# How long rustc takes over the code the generator writes.
#
# For swapi.graphql and shopify_storefront.graphql (../shared/schemas), the
# release `weftql-codegen` CLI prints the generated Rust into a scratch crate under
# target/codegen-bench/ that depends on weftql-runtime, async-graphql 7.2.1,
# chrono and serde_json. All scratch crates share one
# CARGO_TARGET_DIR, so the dependencies build once; then `cargo check` of the
# scratch crate alone is timed after touching its lib.rs: the median of RUNS
# runs (default 3), with hyperfine when it is installed
# (`apt-get install -y hyperfine`), else with the shell's clock.
#
# First, as a benchmark of code that does not build would be meaningless, the
# generated code is checked for real: every golden fixture
# (codegen/tests/golden) and both corpus schemas are generated, their resolver
# traits implemented by `weftql-codegen scaffold`, and a test builds each engine
# (`finish()`: the contract valid, every type implemented, every field
# resolved). Any failure there is a generator bug.
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

echo "== building the codegen CLI (release)"
env -u CARGO_TARGET_DIR cargo build --release --quiet -p weftql-codegen --features cli \
  --manifest-path "$root/Cargo.toml"
export CARGO_TARGET_DIR="$work/target"

# new_crate DIR NAME: a crate outside the workspace with the generated code's dependencies.
new_crate() {
  rm -rf "$1/src"
  mkdir -p "$1/src"
  cat >"$1/Cargo.toml" <<EOF
[package]
name = "$2"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
weftql-runtime = { path = "$root/codegen/runtime" }
async-graphql = { version = "=7.2.1", default-features = false }
chrono = { version = "0.4", default-features = false, features = ["clock", "serde", "std"] }
serde_json = "1"
EOF
  # The workspace's lock pins the versions it already downloaded.
  [ -f "$1/Cargo.lock" ] || cp "$root/Cargo.lock" "$1/Cargo.lock"
}

# add_schema CRATE MODULE SCHEMA CONFIG CRATE_ROOT: the schema's generated
# code as `crate::MODULE`, its traits implemented by `crate::MODULE_impl::Resolvers`
# (scaffolded), and a test that builds the engine.
add_schema() {
  local crate="$1" module="$2" schema="$3" config="$4" crate_root="$5"
  "$codegen" --config "$config" --crate-root "$crate_root" print "$schema" >"$crate/src/$module.rs"
  "$codegen" --config "$config" --crate-root "$crate_root" scaffold "$schema" \
    --dir "$crate/src/${module}_impl" --module "crate::$module" \
    --implementor "crate::${module}_impl::Resolvers" >/dev/null
  {
    echo "pub struct Resolvers;"
    for file in "$crate/src/${module}_impl"/*.rs; do
      echo "mod $(basename "$file" .rs);"
    done
  } >"$crate/src/${module}_impl.rs"
  cat >>"$crate/src/lib.rs" <<EOF
pub mod $module;
pub mod ${module}_impl;
#[test]
fn ${module}_schema_builds() {
    let engine = $module::build_schema(${module}_impl::Resolvers).finish().unwrap();
    assert!(!engine.schema().types.is_empty());
}
EOF
}

echo "== checking that the generated code compiles and its engines build"
check="$work/schemas-build"
new_crate "$check" schemas-build
cat >"$check/src/lib.rs" <<EOF
//! Every golden fixture and benchmarked schema, generated, scaffolded and built.

/// What binding.toml binds and names (codegen/tests/golden/models/user.rs).
pub mod models {
    pub mod user {
        pub type DateTimeUtc = chrono::DateTime<chrono::Utc>;
        include!("$golden/models/user.rs");
    }
}

/// The error type binding.toml names.
pub mod error {
    #[derive(Debug)]
    pub struct ApiError;

    impl async_graphql::ErrorExtensions for ApiError {
        fn extend(&self) -> async_graphql::Error {
            async_graphql::Error::new("api")
        }
    }
}

EOF
for fixture in "$golden"/*.graphql; do
  name="$(basename "$fixture" .graphql)"
  add_schema "$check" "$name" "$fixture" "$golden/$name.toml" "$golden"
done
for name in "${schemas[@]}"; do
  add_schema "$check" "$name" "$corpus/$name.graphql" /dev/null "$root"
done
if ! cargo test --quiet --manifest-path "$check/Cargo.toml" >"$check/test.log" 2>&1; then
  cat "$check/test.log"
  echo "error: the generated code does not build: a generator bug" >&2
  exit 1
fi
grep -E "^(test result|warning)" "$check/test.log"

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
