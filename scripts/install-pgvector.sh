#!/usr/bin/env bash
# Idempotent installer of the pgvector extension for the local PostgreSQL 15.
#
# Debian bookworm ships no pgvector package, so this builds pgvector from
# Debian trixie's *source* package. The trixie source index is fetched with a
# private, throw-away apt configuration in a temp dir (its own sources.list,
# lists, cache and state dirs); /etc/apt is never modified. The mirror host is
# taken from the machine's existing apt sources, not hard-coded.
#
# Usage: scripts/install-pgvector.sh   (as root)
set -euo pipefail

PG_MAJOR=15
PG_CONFIG=/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config
BUILD_DEPS=("postgresql-server-dev-${PG_MAJOR}" build-essential make gcc dpkg-dev)

log() { printf '[install-pgvector] %s\n' "$*"; }
die() { printf '[install-pgvector] ERROR: %s\n' "$*" >&2; exit 1; }

pg_dir() { # pg_dir <pg_config flag> <fallback>
  if [[ -x "$PG_CONFIG" ]]; then "$PG_CONFIG" "$1"; else printf '%s\n' "$2"; fi
}

installed_files_present() {
  local sharedir pkglibdir
  sharedir=$(pg_dir --sharedir "/usr/share/postgresql/${PG_MAJOR}")
  pkglibdir=$(pg_dir --pkglibdir "/usr/lib/postgresql/${PG_MAJOR}/lib")
  CONTROL_FILE="${sharedir}/extension/vector.control"
  SO_FILE="${pkglibdir}/vector.so"
  [[ -f "$CONTROL_FILE" && -f "$SO_FILE" ]]
}

# --- 1. fast path: already installed ----------------------------------------
if installed_files_present; then
  ver=$(sed -n "s/^default_version *= *'\(.*\)'.*/\1/p" "$CONTROL_FILE" 2>/dev/null || true)
  log "pgvector ${ver:-?} already installed (${CONTROL_FILE}, ${SO_FILE}); nothing to do."
  exit 0
fi

[[ $(id -u) -eq 0 ]] || die "must run as root (installs packages and into ${PG_CONFIG%/bin/*})"

# --- 2. build dependencies via the normal apt configuration -----------------
missing=()
for p in "${BUILD_DEPS[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  log "installing build dependencies: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "build dependencies already installed"
fi
[[ -x "$PG_CONFIG" ]] || die "$PG_CONFIG not found after installing postgresql-server-dev-${PG_MAJOR}"
[[ -f "$("$PG_CONFIG" --pgxs)" ]] || die "PGXS makefile $("$PG_CONFIG" --pgxs) missing"

# --- 3. find the Debian mirror the machine already uses ---------------------
# Collect URIs of enabled 'deb'/'deb-src' entries, from one-line sources.list
# files and deb822 .sources files, and pick the main archive (path ending in
# /debian, i.e. not debian-security / debian-ports etc.).
list_uris() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    # deb [opts] URI suite comp...
    sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" |
      awk '$1=="deb" || $1=="deb-src" {print $2}'
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    # deb822 stanzas; skip stanzas with 'Enabled: no'.
    awk '/^[[:space:]]*#/ {next}
         /^[[:space:]]*$/ { if (!disabled) for (i in u) print u[i]; delete u; n=0; disabled=0; next }
         tolower($1)=="uris:" { for (i=2;i<=NF;i++) u[n++]=$i; next }
         tolower($1)=="enabled:" && tolower($2)=="no" { disabled=1; next }
         END { if (!disabled) for (i in u) print u[i] }' "$f"
  done
}
MIRROR=$(list_uris | sed 's:/*$::' | grep -E '^https?://[^/]+(/.*)?/debian$' | head -n1 || true)
[[ -n "$MIRROR" ]] || die "could not find a Debian archive mirror (…/debian) in /etc/apt/sources.list{,.d/}"
log "using Debian mirror from the existing apt config: $MIRROR"

# --- 4. private apt config for trixie's source index ------------------------
TMP=$(mktemp -d /tmp/pgvector-build.XXXXXX)
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT
chmod 0755 "$TMP"
mkdir -p "$TMP/etc" "$TMP/state/lists/partial" "$TMP/cache/archives/partial" "$TMP/src"
# Let apt's unprivileged download user write where it downloads (avoids the
# "download is performed unsandboxed as root" warning).
if id _apt >/dev/null 2>&1; then
  chown _apt "$TMP/state/lists/partial" "$TMP/cache/archives/partial" "$TMP/src"
fi

signed_by=""
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -f "$keyring" ]] && signed_by="[signed-by=$keyring] "
printf 'deb-src %s%s trixie main\n' "$signed_by" "$MIRROR" >"$TMP/etc/sources.list"

APT_OPTS=(
  -o "Dir::Etc::SourceList=$TMP/etc/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State=$TMP/state"
  -o "Dir::Cache=$TMP/cache"
)

log "fetching trixie source index (private apt config in $TMP)"
apt-get "${APT_OPTS[@]}" -qq update

log "downloading and unpacking trixie source package 'pgvector'"
( cd "$TMP/src" && apt-get "${APT_OPTS[@]}" -qq source pgvector >/dev/null )
SRC_DIR=$(find "$TMP/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
[[ -n "$SRC_DIR" && -f "$SRC_DIR/Makefile" ]] || die "unpacked pgvector source not found in $TMP/src"
log "unpacked $(basename "$SRC_DIR") ($(find "$TMP/src" -maxdepth 1 -name '*.dsc' -printf '%f '))"

# --- 5. build and install (portable: OPTFLAGS="" avoids -march=native) ------
log "building with PG_CONFIG=$PG_CONFIG (portable OPTFLAGS=\"\")"
make -C "$SRC_DIR" -s -j"$(nproc)" PG_CONFIG="$PG_CONFIG" OPTFLAGS="" >/dev/null
log "installing"
make -C "$SRC_DIR" -s PG_CONFIG="$PG_CONFIG" OPTFLAGS="" install >/dev/null

# --- 6. verify ---------------------------------------------------------------
installed_files_present || die "install finished but ${CONTROL_FILE} / ${SO_FILE} missing"
ver=$(sed -n "s/^default_version *= *'\(.*\)'.*/\1/p" "$CONTROL_FILE" || true)
log "pgvector ${ver:-?} installed: $CONTROL_FILE, $SO_FILE"
