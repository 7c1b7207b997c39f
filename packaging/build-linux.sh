#!/usr/bin/env bash
# Build the one-folder Linux app into dist/metrifox-inspector/ and smoke-test it.
#   packaging/build-linux.sh            (after packaging/bootstrap.sh has made .venv)
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pip install -q --require-hashes -r requirements/dev.lock  # the tested versions, PyInstaller too
.venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
rm -rf build/pyinstaller dist/metrifox-inspector
.venv/bin/pyinstaller --noconfirm --log-level WARN --workpath build/pyinstaller --distpath dist \
  packaging/metrifox-inspector.spec
echo "Built dist/metrifox-inspector: $(du -sm dist/metrifox-inspector | cut -f1) MB"
packaging/smoke-test.sh dist/metrifox-inspector/metrifox-inspector
