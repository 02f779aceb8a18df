#!/usr/bin/env bash
# End-to-end tests and the PDF export drive Debian's Chromium: Playwright's own browser download
# cannot work on these machines. PDFs embed Debian's Noto fonts (Latin, Cyrillic,
# Arabic); the export tests read PDFs back with poppler's pdftotext and pdffonts. Install
# whatever is missing.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || missing+=(fonts-noto-core)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "Installing from Debian: ${missing[*]}…"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
/usr/bin/chromium --version
