#!/usr/bin/env bash
# Set up Metrifox Account Inspector on a fresh Debian 12 machine, then start it or test it.
#   packaging/bootstrap.sh run [ARGS...]   install what the app needs and start it
#   packaging/bootstrap.sh test [PYTEST_ARGS...]   install what the tests need and run the whole suite
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}
shift || true

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

# Qt's runtime libraries (PySide6 wheels bring Qt itself, not these system ones).
run_packages=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 fonts-dejavu-core fonts-droid-fallback)
# fonts-droid-fallback: a small font with CJK, so Japanese, Chinese and Korean names are not boxes.
# The tests also need a virtual screen and a real Secret Service keyring in a private D-Bus session.
test_packages=(xvfb xauth gnome-keyring libsecret-tools dbus dbus-x11 desktop-file-utils appstream)

wanted=("${run_packages[@]}")
if [ "$mode" = test ]; then wanted+=("${test_packages[@]}"); fi
if ! python3 -c 'import ensurepip' 2>/dev/null; then wanted+=(python3-venv); fi

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install -q --upgrade pip

# Exactly the versions that were tested (requirements/*.lock: one lock for Linux, Windows and macOS, every
# file's hash checked), then the app itself, built by the locked hatchling (no unhashed build download).
case "$mode" in
  run)
    .venv/bin/python -m pip install -q --require-hashes -r requirements/app.lock
    .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .  # hatchling from the lock
    exec .venv/bin/metrifox-inspector "$@"
    ;;
  test)
    .venv/bin/python -m pip install -q --require-hashes -r requirements/dev.lock
    .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .  # hatchling from the lock
    .venv/bin/ruff check .
    .venv/bin/mypy inspector tests  # strict, the whole package and its tests (pyproject.toml)
    .venv/bin/lint-imports  # the layers (pyproject.toml: tool.importlinter)
    # A private D-Bus session with gnome-keyring unlocked (non-empty password) and a throwaway HOME,
    # so the keyring tests use the real Secret Service and never touch a real keyring.
    test_home=$(mktemp -d)
    trap 'rm -rf "$test_home"' EXIT
    HOME="$test_home" QT_QPA_PLATFORM=offscreen METRIFOX_REQUIRE_SECRET_SERVICE=1 dbus-run-session -- sh -c \
      'printf "test-pass" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' \
      sh .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
