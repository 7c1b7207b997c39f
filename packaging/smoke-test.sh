#!/usr/bin/env bash
# Smoke-test a built app: start it offscreen on the demo, save a screenshot, and check the picture.
#   packaging/smoke-test.sh PATH-TO-BINARY
set -euo pipefail
binary=${1:?path to the built metrifox-inspector binary}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" QT_QPA_PLATFORM=offscreen \
  PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring \
  timeout 60 "$binary" --demo --screenshot "$work/shot.png"
QT_QPA_PLATFORM=offscreen .venv/bin/python - "$work/shot.png" <<'PY'
import sys
from PySide6.QtGui import QGuiApplication, QImage
app = QGuiApplication([])
image = QImage(sys.argv[1])
colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
assert image.width() >= 800 and image.height() >= 500, (image.width(), image.height())
assert len(colours) > 20, "the screenshot looks blank"
print(f"smoke test passed: {image.width()}x{image.height()} screenshot with {len(colours)} sampled colours")
PY
