# Shared shell helpers for werkpad's scripts. Source it; do not run it.
# Each ensure_* installs what is missing from Debian or npm, once.

WERKPAD_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE_DIR="$WERKPAD_ROOT/.cache"
AXE_VERSION=4.14.1
SPECTRAL_VERSION=6.16.3

# go.mod names the toolchain (a patch release with the current security
# fixes); let the go command fetch it through the module proxy when the
# installed Go is older.
export GOTOOLCHAIN=auto

log() { printf '==> %s\n' "$*" >&2; }

apt_updated=""
apt_install() {
	if [ "$(id -u)" != 0 ]; then
		echo "werkpad: need root to install $* (apt-get install -y $*); install it and run again" >&2
		return 1
	fi
	if [ -z "$apt_updated" ]; then
		log "apt-get update"
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
		apt_updated=1
	fi
	log "apt-get install -y $*"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# ensure_chromium installs the browsers the tests use when absent: chromium
# for the browser tests (e2e), chromium-headless-shell for printing PDFs,
# which werkpad prefers (report.Chromiums). It leaves WERKPAD_CHROMIUM as it
# is, so that the tests print with the Chromium werkpad chooses itself.
ensure_chromium() {
	local missing=""
	command -v chromium >/dev/null 2>&1 || missing="chromium fonts-dejavu-core"
	[ -x /usr/lib/chromium/chromium-headless-shell ] || command -v chrome-headless-shell >/dev/null 2>&1 ||
		missing="$missing chromium-headless-shell"
	if [ -n "$missing" ]; then
		apt_install $missing
	fi
}

# ensure_pdftotext makes poppler's pdftotext available for PDF tests.
ensure_pdftotext() {
	command -v pdftotext >/dev/null 2>&1 || apt_install poppler-utils
}

# ensure_axe sets WERKPAD_AXE_JS to axe-core's browser bundle.
ensure_axe() {
	local dir="$CACHE_DIR/node"
	if [ ! -f "$dir/node_modules/axe-core/axe.min.js" ]; then
		command -v npm >/dev/null 2>&1 || apt_install npm
		log "npm install axe-core@$AXE_VERSION"
		mkdir -p "$dir"
		npm install --prefix "$dir" --no-audit --no-fund --silent "axe-core@$AXE_VERSION" >&2
	fi
	export WERKPAD_AXE_JS="$dir/node_modules/axe-core/axe.min.js"
}

# ensure_spectral sets SPECTRAL to the Spectral CLI (the linter of the
# Dutch API Design Rules ruleset in scripts/adr-ruleset.yaml).
ensure_spectral() {
	local dir="$CACHE_DIR/spectral"
	if [ ! -x "$dir/node_modules/.bin/spectral" ]; then
		command -v npm >/dev/null 2>&1 || apt_install npm
		log "npm install @stoplight/spectral-cli@$SPECTRAL_VERSION"
		mkdir -p "$dir"
		npm install --prefix "$dir" --no-audit --no-fund --silent "@stoplight/spectral-cli@$SPECTRAL_VERSION" >&2
	fi
	export SPECTRAL="$dir/node_modules/.bin/spectral"
}

pg_bindir() {
	local d
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && { echo "$d"; return; }
	done
}

# start_postgres starts a throw-away PostgreSQL cluster in a temp dir on a
# free loopback port, exports WERKPAD_TEST_POSTGRES_URL, and stops and
# removes it when the calling shell exits.
# free_port prints a local TCP port that nothing listens on.
free_port() {
	local port
	for _ in $(seq 1 50); do
		port=$((20000 + RANDOM % 20000))
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
	done
	echo "$port"
}

start_postgres() {
	local bin
	bin=$(pg_bindir)
	if [ -z "$bin" ]; then
		apt_install postgresql
		bin=$(pg_bindir)
	fi
	PG_TMP=$(mktemp -d /tmp/werkpad-pg.XXXXXX)
	local run=()
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$PG_TMP"
		run=(runuser -u postgres --)
	fi
	local port
	port=$(free_port)
	"${run[@]}" "$bin/initdb" -D "$PG_TMP/data" -A trust -U postgres -E UTF8 --no-sync >/dev/null
	"${run[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w start \
		-o "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c max_connections=200" >/dev/null
	PG_STOP=("${run[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -m immediate stop)
	trap stop_postgres EXIT
	export WERKPAD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
	log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

# start_pgbouncer puts PgBouncer in transaction mode, as production setups
# use it, in front of the throw-away cluster of start_postgres, and sets
# WERKPAD_TEST_PGBOUNCER to its address (host:port). Every database of the
# cluster is reachable through it under its own name.
start_pgbouncer() {
	local bin=/usr/sbin/pgbouncer
	[ -x "$bin" ] || apt_install pgbouncer
	local port pgport=${WERKPAD_TEST_POSTGRES_URL##*127.0.0.1:}
	pgport=${pgport%%/*}
	port=$(free_port)
	printf '"postgres" ""\n' >"$PG_TMP/userlist.txt"
	cat >"$PG_TMP/pgbouncer.ini" <<EOF2
[databases]
* = host=127.0.0.1 port=$pgport
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $PG_TMP/userlist.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 40
ignore_startup_parameters = extra_float_digits
logfile = $PG_TMP/pgbouncer.log
pidfile = $PG_TMP/pgbouncer.pid
EOF2
	local run=()
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$PG_TMP/pgbouncer.ini" "$PG_TMP/userlist.txt"
		run=(runuser -u postgres --)
	fi
	"${run[@]}" "$bin" -d "$PG_TMP/pgbouncer.ini"
	for _ in $(seq 1 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
		sleep 0.1
	done
	export WERKPAD_TEST_PGBOUNCER="127.0.0.1:$port"
	log "PgBouncer $("$bin" --version | head -1 | awk '{print $2}') (transaction mode) on 127.0.0.1:$port"
}

stop_postgres() {
	[ -n "${PG_TMP:-}" ] || return 0
	if [ -f "$PG_TMP/pgbouncer.pid" ]; then
		kill "$(cat "$PG_TMP/pgbouncer.pid")" 2>/dev/null || true
	fi
	"${PG_STOP[@]}" >/dev/null 2>&1 || true
	rm -rf "$PG_TMP"
	PG_TMP=""
}
