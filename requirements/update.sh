#!/usr/bin/env bash
# Remake the lock files from pyproject.toml (after changing a dependency there), then commit them.
#   requirements/update.sh                       keep the locked versions where they still fit
#   requirements/update.sh --upgrade             newest versions of everything
#   requirements/update.sh --upgrade-package X   newest X only
# One lock for Linux, Windows and macOS: `uv pip compile --universal` puts each platform's packages behind
# an environment marker (pywin32-ctypes on Windows, macholib on macOS, SecretStorage on Linux) and lists the
# hash of every file of every pinned version, so `pip install --require-hashes -r …` installs exactly the
# same versions on all three. requirements/check.sh proves each platform finds a hashed wheel.
#   dev.lock    the app, its build backend, and the test, packaging and lock tools (uv)
#   app.lock    what the app needs to run, plus its build backend, at dev.lock's versions
#   bench.lock  the app plus the benchmarks' extra (metrifox-sdk, psutil), at dev.lock's versions
# uv itself is pinned in pyproject.toml (the `lock` extra) and installed from dev.lock with its hashes.
set -euo pipefail
cd "$(dirname "$0")/.."
pinned=$(sed -n 's/.*"uv==\([0-9][0-9.]*\)".*/\1/p' pyproject.toml)
if [ "$(.venv/bin/uv --version 2>/dev/null | cut -d' ' -f2)" != "$pinned" ]; then
  # The pin was just changed (or no .venv yet): the new uv cannot come from a lock that does not list it.
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install -q "uv==$pinned"
fi
uv=(.venv/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes
    --custom-compile-command requirements/update.sh)
"${uv[@]}" "$@" pyproject.toml requirements/build.in --extra test --extra package --extra lock -o requirements/dev.lock
"${uv[@]}" -c requirements/dev.lock pyproject.toml requirements/build.in -o requirements/app.lock
"${uv[@]}" -c requirements/dev.lock pyproject.toml --extra bench -o requirements/bench.lock
echo "Locks remade; now run requirements/check.sh and the tests, then commit requirements/*.lock."
