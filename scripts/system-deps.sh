#!/bin/sh
# Installs the Debian packages the test suite drives, when missing:
# chromium (browser tests through Playwright; Playwright never downloads a browser).
set -eu
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "installing Debian packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q $missing >/dev/null 2>&1 || {
		apt-get update -q >/dev/null && apt-get install -y -q $missing >/dev/null
	}
else
	echo "missing Debian packages:$missing (run: sudo apt-get install$missing)" >&2
	exit 1
fi
