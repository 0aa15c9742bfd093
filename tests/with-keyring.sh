#!/bin/sh
# Runs a command inside a fresh D-Bus session bus with a fresh, unlocked
# gnome-keyring (Secret Service), e.g.
#
#     tests/with-keyring.sh cargo test -p healthdash-connect --test keyring
#
# The keyring lives in a temporary folder (XDG_DATA_HOME and XDG_RUNTIME_DIR of
# the daemon only), so the user's own login keyring is never opened, unlocked
# or written; the daemon is stopped and the folder removed afterwards. Needs
# dbus-run-session and dbus-send (Debian: dbus-daemon) and
# gnome-keyring-daemon (gnome-keyring).
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool not found (make deps installs it)" >&2
    exit 127
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/healthdash-keyring.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
mkdir -m 700 "$tmp/data" "$tmp/run"

# Inside the session: start the daemon in the foreground (so its pid is
# known and it can be stopped; a daemonized one may outlive the bus) with a
# throwaway password on stdin (--unlock creates the login keyring with it,
# unlocked), wait until it owns org.freedesktop.secrets, export what it
# printed (GNOME_KEYRING_CONTROL=..., when it prints anything), run the command.
status=0
dbus-run-session -- sh -c '
  set -eu
  tmp=$1
  shift
  printf "%s" healthdash-test |
    XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run" \
    gnome-keyring-daemon --foreground --unlock --components=secrets \
      --control-directory="$tmp/run/keyring" >"$tmp/daemon.env" 2>"$tmp/daemon.log" &
  daemon=$!
  trap "kill $daemon 2>/dev/null || true" EXIT
  tries=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
      grep -q "boolean true"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 100 ] || ! kill -0 "$daemon" 2>/dev/null; then
      echo "error: gnome-keyring-daemon did not start: $(tr "\n" " " <"$tmp/daemon.log")" >&2
      exit 1
    fi
    sleep 0.05
  done
  for assignment in $(cat "$tmp/daemon.env"); do
    export "$assignment"
  done
  "$@"
' with-keyring "$tmp" "$@" || status=$?
exit "$status"
