# Sourced by .ci/check-generated-code and .ci/bench-codegen.sh, with `root`
# set to the repository.
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
chrono = { version = "0.4", default-features = false, features = ["clock", "serde", "std"] }
serde_json = "1"
EOF
  # The workspace's lock pins the versions it already downloaded.
  [ -f "$1/Cargo.lock" ] || cp "$root/Cargo.lock" "$1/Cargo.lock"
}

