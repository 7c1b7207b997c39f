#!/usr/bin/env bash
# Prove that requirements/*.lock install on Linux, Windows (x86_64) and macOS (arm64 and x86_64): pip must
# find a wheel with a hash in the lock for every package each platform needs. Needs PyPI, so it runs in
# .ci/run and the desktop workflow, not in pytest (tests/unit/test_locks.py checks the files offline).
#   requirements/check.sh        (after packaging/bootstrap.sh has made .venv)
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python requirements/check_platforms.py
