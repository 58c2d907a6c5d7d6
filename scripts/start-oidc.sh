#!/usr/bin/env bash
# Starts the test OpenID provider (scripts/oidc-provider.mjs, an npm devDependency) on a free port
# of 127.0.0.1, waits until its discovery document answers, and prints the variable the tests read:
#   SENDCASE_TEST_OIDC_URL=http://127.0.0.1:PORT   its issuer
# Its process id is written to the file named by $1, for the caller to stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
pid_file="$1"
port="$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')"
node scripts/oidc-provider.mjs "$port" >/dev/null 2>&1 &
echo $! >"$pid_file"
for _ in $(seq 1 100); do
  if node -e "fetch('http://127.0.0.1:$port/.well-known/openid-configuration').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then
    echo "SENDCASE_TEST_OIDC_URL=http://127.0.0.1:$port"
    exit 0
  fi
  sleep 0.2
done
echo "the test OpenID provider did not start" >&2
exit 1
