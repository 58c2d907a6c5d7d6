#!/usr/bin/env bash
# Starts maildev (an npm devDependency: a real SMTP server that keeps what it receives and serves
# it through a REST API) on two free ports of 127.0.0.1, waits until it answers, and prints the two
# variables the tests read:
#   SENDCASE_TEST_SMTP_URL=smtp://127.0.0.1:PORT      where the app sends email
#   SENDCASE_TEST_MAILDEV_URL=http://127.0.0.1:PORT   where tests read it back (/api/email)
# Its process id is written to the file named by $1, for the caller to stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
pid_file="$1"
free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}
smtp="$(free_port)"
web="$(free_port)"
node_modules/.bin/maildev --smtp "$smtp" --web "$web" --ip 127.0.0.1 --web-ip 127.0.0.1 >/dev/null 2>&1 &
echo $! >"$pid_file"
for _ in $(seq 1 100); do
  if node -e "fetch('http://127.0.0.1:$web/api/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then
    echo "SENDCASE_TEST_SMTP_URL=smtp://127.0.0.1:$smtp"
    echo "SENDCASE_TEST_MAILDEV_URL=http://127.0.0.1:$web"
    exit 0
  fi
  sleep 0.2
done
echo "maildev did not start" >&2
exit 1
