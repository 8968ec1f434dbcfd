#!/bin/sh
# Installs the Debian packages given as arguments when they are missing. Playwright never
# downloads a browser of its own.
#   scripts/system-deps.sh              chromium (browser tests) and the TTS/audio tools:
#                                       sox, libsox-fmt-mp3 (sox reads MP3), espeak-ng (make test)
#   scripts/system-deps.sh wrk          the HTTP load generator (make bench)
# A package counts as present when its command is on the PATH or, for a package that has no
# command of its own (libsox-fmt-mp3), when dpkg has it installed.
set -eu
[ $# -eq 0 ] && set -- chromium sox libsox-fmt-mp3 espeak-ng
installed() {
	command -v "$1" >/dev/null 2>&1 || [ -x "/usr/bin/$1" ] ||
		dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}
missing=""
for package in "$@"; do
	installed "$package" || missing="$missing $package"
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
