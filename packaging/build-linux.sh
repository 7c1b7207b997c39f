#!/usr/bin/env bash
# Build the one-folder Linux app into dist/metrifox-inspector/ and smoke-test it.
#   packaging/build-linux.sh            (after packaging/bootstrap.sh has made .venv)
set -euo pipefail
cd "$(dirname "$0")/.."
# The build's own tools: a C compiler and binutils make the smaller ICU data library (packaging/icu_data.py),
# zstd the download.
missing=()
for package in gcc binutils zstd; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
.venv/bin/python -m pip install -q --require-hashes -r requirements/dev.lock  # the tested versions, PyInstaller too
.venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
rm -rf build/pyinstaller dist/metrifox-inspector
.venv/bin/pyinstaller --noconfirm --log-level WARN --workpath build/pyinstaller --distpath dist \
  packaging/metrifox-inspector.spec
app=dist/metrifox-inspector
# On Linux the windowed and the console exe are the same bytes (the difference is Windows' and macOS'): one
# file with two names, so the Python archive inside is stored once (on disk, in the .tar.zst, in an AppImage).
if cmp -s "$app/metrifox-inspector" "$app/metrifox-inspector-cli"; then
  ln -f "$app/metrifox-inspector" "$app/metrifox-inspector-cli"
fi
packaging/smoke-test.sh "$app/metrifox-inspector"
# The download: the folder as .tar.zst (hard links kept). Sizes in MB of 10^6 bytes, hard links counted once.
version=$(.venv/bin/python -c 'import inspector; print(inspector.__version__)')
archive="dist/metrifox-inspector-$version-linux-x86_64.tar.zst"
tar -C dist -cf - metrifox-inspector | zstd -q -19 -T0 -f -o "$archive"
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
echo "Built $app: $(mb "$(du -sb "$app" | cut -f1)") MB unpacked; $archive: $(mb "$(stat -c %s "$archive")") MB"
echo "The 15 largest parts (MB):"
find "$app" -type f -links 1 -printf '%s %P\n' -o -type f -printf '%s %P (hard link: counted once)\n' \
  | sort -rn \
  | awk '!seen[$1 FS $3]++ && ++shown <= 15 { printf "  %6.1f  %s %s %s %s %s\n", $1 / 1e6, $2, $3, $4, $5, $6 }'
# (awk reads to the end: with pipefail, "head -15" closing the pipe early made sort die of SIGPIPE, exit 141)
