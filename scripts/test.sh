#!/usr/bin/env bash
# The whole test suite: Rust unit and integration tests against SQLite and PostgreSQL, then the
# browser and accessibility suite against a server running the demo data. Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sendcase/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  if [ -f "$work/maildev-pid" ]; then kill "$(cat "$work/maildev-pid")" 2>/dev/null || true; fi
  if [ -f "$work/oidc-pid" ]; then kill "$(cat "$work/oidc-pid")" 2>/dev/null || true; fi
  if [ -f "$work/pg-stop" ]; then bash "$(cat "$work/pg-stop")" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*" >&2; }

step "PostgreSQL for the test databases"
export SENDCASE_PG_TMP_FILE="$work/pg-stop"
SENDCASE_TEST_PG_URL="$(scripts/ensure-postgres.sh)"
export SENDCASE_TEST_PG_URL
echo "using ${SENDCASE_TEST_PG_URL}" >&2

step "Chromium, poppler-utils and the npm packages the tests use"
scripts/ensure-packages.sh
npm ci --no-audit --no-fund --loglevel=error

step "maildev: the SMTP server the tests and the browser suite's server send email to"
mail_env="$(scripts/start-maildev.sh "$work/maildev-pid")"
while IFS= read -r setting; do export "${setting?}"; done <<<"$mail_env"
echo "mail: $SENDCASE_TEST_SMTP_URL, read at $SENDCASE_TEST_MAILDEV_URL" >&2

step "oidc-provider: the OpenID provider the single sign-on tests and the browser suite sign in through"
oidc_env="$(scripts/start-oidc.sh "$work/oidc-pid")"
while IFS= read -r setting; do export "${setting?}"; done <<<"$oidc_env"
echo "OpenID provider: $SENDCASE_TEST_OIDC_URL" >&2
cat >"$work/oidc.json" <<JSON
{"providers": [{"id": "test", "label": "the test provider", "issuer": "$SENDCASE_TEST_OIDC_URL",
  "client_id": "sendcase-test", "client_secret": "test-secret", "organisations": ["Kent County Council"]}]}
JSON

step "Format and lints (cargo fmt --check; clippy with warnings as errors)"
if command -v rustup >/dev/null 2>&1; then rustup component add rustfmt clippy >&2; fi
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Dependency policy (deny.toml: licences, bans, sources; advisories need the network, see SECURITY.md)"
scripts/ensure-cargo-deny.sh
# cargo-deny reads every platform's crates; fetch them first so --offline finds them all.
cargo fetch --locked >&2
cargo deny --offline --locked check --hide-inclusion-graph licenses bans sources

step "Build"
cargo build --workspace --all-targets --locked

step "Rust tests (every integration test runs on SQLite and on PostgreSQL)"
# Both suites run even if the first fails, so one run reports everything; the exit status
# still fails if either did.
set +e
cargo test --workspace --locked 2>&1 | tee "$work/cargo.log"
rust_status=${PIPESTATUS[0]}
set -e

step "Browser and accessibility suite (Playwright + axe-core, demo data on SQLite)"
"$CARGO_TARGET_DIR/debug/sendcase" serve --db "sqlite://$work/e2e.db" --addr 127.0.0.1:0 --demo \
  --smtp-url "$SENDCASE_TEST_SMTP_URL" --oidc-config "$work/oidc.json" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  url="$(sed -n 's/^sendcase is running at \(http[^ ]*\) .*/\1/p' "$work/server.log")"
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$url" ] || { echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
set +e
BASE_URL="${url%/}" MAILDEV_URL="$SENDCASE_TEST_MAILDEV_URL" SENDCASE_BIN="$CARGO_TARGET_DIR/debug/sendcase" \
  node --test --test-concurrency=1 --test-reporter=spec e2e/ 2>&1 | tee "$work/e2e.log"
e2e_status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run: Rust test binaries plus the browser suite.
rust_passed=$(grep -Eo '[0-9]+ passed' "$work/cargo.log" | awk '{s+=$1} END {print s+0}')
rust_failed=$(grep -Eo '[0-9]+ failed' "$work/cargo.log" | awk '{s+=$1} END {print s+0}')
e2e_passed=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$work/e2e.log" | tail -1)
e2e_failed=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$work/e2e.log" | tail -1)
echo
echo "summary: $((rust_passed + ${e2e_passed:-0})) passed, $((rust_failed + ${e2e_failed:-0})) failed"
[ "$rust_status" = 0 ] && [ "$e2e_status" = 0 ]
