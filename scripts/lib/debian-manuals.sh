# Sourced by the benchmark scripts: long real PDFs from Debian's documentation packages, fetched
# once with apt-get download into MW_BENCH_CACHE (default ~/.cache/mediawhisperer-bench) and unpacked
# there. `manual PACKAGE PATH-INSIDE` prints the unpacked file's path.
cache="${MW_BENCH_CACHE:-$HOME/.cache/mediawhisperer-bench}"

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

manual() { # package, path inside it
  local package=$1 inside=$2 unpacked="$cache/unpacked/$1"
  if [ ! -f "$unpacked/$inside" ]; then
    mkdir -p "$cache/deb" "$unpacked"
    if ! ls "$cache/deb/${package}"_*.deb >/dev/null 2>&1; then
      echo "[bench] downloading $package" >&2
      (cd "$cache/deb" && apt-get download "$package" >&2) || {
        sudo_if_needed apt-get update -qq >&2
        (cd "$cache/deb" && apt-get download "$package" >&2)
      }
    fi
    dpkg-deb -x "$(ls "$cache/deb/${package}"_*.deb | head -n 1)" "$unpacked"
  fi
  [ -f "$unpacked/$inside" ] || { echo "$package has no $inside" >&2; exit 1; }
  printf '%s' "$unpacked/$inside"
}
