#!/usr/bin/env bash
# The dependency policy (deny.toml) is checked with cargo-deny; install it from crates.io if
# missing. There is no Debian package. Its own release profile (fat LTO, one codegen unit) is
# overridden so that it builds in minutes rather than tens of minutes; it is a check, not the
# service. Its build directory is kept so a reinstall after clearing ~/.cargo/bin is quick.
set -euo pipefail
version=0.20.2
if cargo deny --version 2>/dev/null | grep -q " $version"; then
  exit 0
fi
echo "installing cargo-deny $version from crates.io (several minutes the first time)" >&2
CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  cargo install cargo-deny --locked --version "$version" \
  --target-dir "$HOME/.cache/sendcase/cargo-deny-build" >&2
