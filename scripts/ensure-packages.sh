#!/usr/bin/env bash
# What the tests run besides cargo: Debian's Chromium for the browser suite (driven by
# playwright-core) and poppler-utils, whose pdfinfo, pdffonts, pdftotext and pdftoppm check the
# PDFs as a reader's tools see them. Installs whichever is missing.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing ${missing[*]} for the tests" >&2
export DEBIAN_FRONTEND=noninteractive
sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq >&2
"${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >&2
