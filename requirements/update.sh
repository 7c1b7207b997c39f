#!/usr/bin/env bash
# Regenerate the lock files from pyproject.toml (after changing a dependency there), then commit them.
# app.lock: what the app needs to run. dev.lock: that, plus the test and packaging tools. Both pinned
# with hashes, so CI, the package build and a new machine install exactly what was tested.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pip install -q pip-tools
common=(--quiet --strip-extras --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links)
.venv/bin/pip-compile "${common[@]}" -o requirements/app.lock pyproject.toml
.venv/bin/pip-compile "${common[@]}" --extra test --extra package -o requirements/dev.lock pyproject.toml
