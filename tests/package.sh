#!/usr/bin/env bash
# Installs the .deb that `make package` built, uses the installed app and
# CLI as a person would, removes the package and checks that nothing of it
# is left under /usr while the user's data stays. Needs root (or sudo) and
# the e2e tools (`make deps-e2e`). Run by `make test-package`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
fail() { echo "package test: $*" >&2; exit 1; }

shopt -s nullglob
debs=(target/release/bundle/deb/*.deb)
[ ${#debs[@]} = 1 ] || fail "expected one .deb under target/release/bundle/deb (run make package), found ${#debs[@]}"
deb=${debs[0]}
name=$(dpkg-deb --field "$deb" Package)

work=$(mktemp -d)
cleanup() {
  if dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q installed; then
    $SUDO apt-get remove --purge -y -q "$name" >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== install $deb"
$SUDO apt-get install -y -q "./$deb"
dpkg -L "$name" | sort >"$work/files"
for path in /usr/bin/healthdash /usr/bin/healthdash-app; do
  [ -x "$path" ] || fail "$path is not installed"
done
desktop=$(grep -E '^/usr/share/applications/.*\.desktop$' "$work/files") || fail "no desktop entry"
grep -qx 'Categories=Utility;MedicalSoftware;' "$desktop" || fail "$desktop: categories: $(grep Categories "$desktop")"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$desktop"; fi
grep -q '^/usr/share/man/man1/healthdash.1.gz$' "$work/files" || fail "no man page healthdash(1)"
man -l /usr/share/man/man1/healthdash.1.gz 2>/dev/null | grep -q 'SUBCOMMANDS' || fail "healthdash(1) does not render"
for size in 32x32 128x128 256x256; do
  grep -q "/usr/share/icons/hicolor/$size/apps/" "$work/files" || fail "no $size icon"
done
/usr/bin/healthdash --version

echo "== the installed CLI, in the user's XDG data folder"
marker="$work/marker"; touch "$marker"
home="$work/home"; mkdir -p "$home"
as_user() { env HOME="$home" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state" TZ=UTC "$@"; }
as_user /usr/bin/healthdash demo --years 1
rows=$(as_user /usr/bin/healthdash export csv --out - --metric weight | wc -l)
[ "$rows" -gt 100 ] || fail "export csv gave $rows lines of weight"
[ -s "$home/data/app.healthdash.desktop/healthdash.sqlite3" ] || fail "no cache in the XDG data folder"
echo "export csv: $rows lines of weight"

echo "== the installed app, under Xvfb"
HEALTHDASH_E2E_APP=/usr/bin/healthdash-app HEALTHDASH_E2E_CLI=/usr/bin/healthdash \
  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  cargo test -q -p healthdash-tests --test e2e -- --ignored --exact \
  installed::a_first_start_shows_the_demo_overview_and_keeps_data_in_the_xdg_folders

# Nothing the app or CLI did wrote into the install folders.
written=$(find /usr /opt -xdev -newer "$marker" -type f 2>/dev/null | head -20)
[ -z "$written" ] || fail "the installed app wrote into system folders:
$written"

echo "== remove"
$SUDO apt-get remove --purge -y -q "$name"
left=()
while read -r path; do
  if [ -e "$path" ] && [ ! -d "$path" ]; then left+=("$path"); fi
done <"$work/files"
[ ${#left[@]} = 0 ] || fail "left behind after removal: ${left[*]}"
[ -s "$home/data/app.healthdash.desktop/healthdash.sqlite3" ] || fail "the user's data went with the package"
echo "package test: installed, ran and removed $(basename "$deb"); $(wc -l <"$work/files") paths, none left; user data kept"
