#!/bin/sh
# Installs the Debian packages given as arguments (default: chromium, for the browser tests)
# when their command is missing. Playwright never downloads a browser of its own.
#   scripts/system-deps.sh              chromium (make test)
#   scripts/system-deps.sh wrk          the HTTP load generator (make bench)
set -eu
[ $# -eq 0 ] && set -- chromium
missing=""
for package in "$@"; do
	command -v "$package" >/dev/null 2>&1 || [ -x "/usr/bin/$package" ] || missing="$missing $package"
done
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
