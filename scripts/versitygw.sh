#!/usr/bin/env bash
# Prints the absolute path of a versitygw binary (the S3 server that internal/blob/blobtest runs),
# building it from the Go module proxy once and caching it, since the build takes minutes.
# Order: $LOUPE_VERSITYGW, then the cache, then a fresh build into the cache. Progress goes to
# stderr; the path is stdout's last line.
set -euo pipefail

version=v1.8.0
cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/loupe/versitygw-$version"
bin="$cache_dir/versitygw"

if [ -n "${LOUPE_VERSITYGW:-}" ]; then
	if [ -f "$LOUPE_VERSITYGW" ] && [ -x "$LOUPE_VERSITYGW" ]; then
		echo "$(cd "$(dirname "$LOUPE_VERSITYGW")" && pwd)/$(basename "$LOUPE_VERSITYGW")"
		exit 0
	fi
	echo "versitygw: LOUPE_VERSITYGW=$LOUPE_VERSITYGW is not an executable file" >&2
	exit 1
fi

if [ -f "$bin" ] && [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi

command -v go >/dev/null || { echo "versitygw: Go is required to build it" >&2; exit 1; }
mkdir -p "$cache_dir"
echo "versitygw: building $version into $cache_dir (about 3 minutes, once)" >&2
# Build into a temporary GOBIN and move the binary in place, so that an interrupted build never
# leaves a half-written binary where the cache check above would trust it.
tmp=$(mktemp -d "$cache_dir/build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! GOBIN="$tmp" go install "github.com/versity/versitygw/cmd/versitygw@$version" >&2; then
	echo "versitygw: go install github.com/versity/versitygw/cmd/versitygw@$version failed" >&2
	exit 1
fi
mv "$tmp/versitygw" "$bin"
echo "versitygw: built $bin" >&2
echo "$bin"
