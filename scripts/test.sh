#!/usr/bin/env bash
# Installs what Loupe's tests need and runs every test: the web app's, then Go's on SQLite and
# PostgreSQL, with the browser tests in headless Chromium. `make test` and CI run exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n==> %s\n' "$*"; }
as_root() { [ "$(id -u)" = 0 ]; }
apt_install() {
	if ! as_root; then
		echo "missing $*: install it (as root: apt-get install $*) and run again" >&2
		return 1
	fi
	if [ -z "${apt_updated:-}" ]; then
		apt-get update -qq
		apt_updated=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v go >/dev/null || { echo "Go is required: https://go.dev/dl/" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js and npm are required" >&2; exit 1; }

# --- Chromium for the browser tests -----------------------------------------------------------
if [ -z "${LOUPE_CHROMIUM:-}" ]; then
	for c in chromium chromium-browser; do
		if command -v "$c" >/dev/null; then LOUPE_CHROMIUM=$(command -v "$c"); break; fi
	done
fi
if [ -z "${LOUPE_CHROMIUM:-}" ]; then
	say "installing Chromium (Debian's chromium package)"
	apt_install chromium
	LOUPE_CHROMIUM=$(command -v chromium)
fi
export LOUPE_CHROMIUM

# --- ffprobe, which reads the timing of video and audio ---------------------------------------
if ! command -v ffprobe >/dev/null; then
	say "installing ffprobe (Debian's ffmpeg package)"
	apt_install ffmpeg
fi

# --- A real S3 server (versitygw, built once from the Go module proxy and cached) --------------
say "S3 server for the storage tests"
LOUPE_VERSITYGW=$(scripts/versitygw.sh | tail -n 1)
export LOUPE_VERSITYGW

# --- The web app ------------------------------------------------------------------------------
say "web app: install, type-check, unit tests, build"
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run --silent typecheck && npm test --silent && npm run --silent build)
touch internal/webui/dist/.gitkeep

# --- PostgreSQL -------------------------------------------------------------------------------
pg_answers() { # url
	if command -v psql >/dev/null; then
		psql "$1" -qAtc 'select 1' >/dev/null 2>&1
	else
		(exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
	fi
}
pg_bin() {
	for d in "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")" /usr/lib/postgresql/*/bin; do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
	done
	return 1
}
if [ -z "${LOUPE_TEST_POSTGRES_URL:-}" ]; then
	local_url="postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	if pg_answers "$local_url"; then
		export LOUPE_TEST_POSTGRES_URL="$local_url"
		say "PostgreSQL: using the server on 127.0.0.1:5432"
	else
		say "PostgreSQL: starting a throwaway cluster"
		bindir=$(pg_bin) || { apt_install postgresql; bindir=$(pg_bin); }
		pgdir=$(mktemp -d)
		port=$(( 55000 + RANDOM % 5000 ))
		run_pg() { if as_root; then runuser -u postgres -- "$@"; else "$@"; fi; }
		as_root && chown postgres "$pgdir"
		run_pg "$bindir/initdb" -D "$pgdir/data" -U postgres -A trust --no-sync >/dev/null
		run_pg "$bindir/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
			-o "-F -p $port -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
		trap 'run_pg "$bindir/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
		# Tests make a schema each in the cluster's own "postgres" database.
		export LOUPE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
	fi
fi

# --- Go ---------------------------------------------------------------------------------------
say "Go: vet and test (SQLite and PostgreSQL; browser tests in $LOUPE_CHROMIUM)"
go vet ./...
go test -count=1 ./...
