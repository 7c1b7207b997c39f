#!/usr/bin/env bash
# Install the built app for the current user (or, with PREFIX=/usr/local and sudo, for everyone):
# the app folder, a launcher on PATH, the .desktop entry, icons at the freedesktop sizes, AppStream metainfo.
#   packaging/linux/install.sh [dist/metrifox-inspector]        uninstall: packaging/linux/install.sh --uninstall
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix=${PREFIX:-$HOME/.local}
app_id=com.metrifox.AccountInspector
appdir="$prefix/lib/metrifox-inspector"
if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$appdir" "$prefix/bin/metrifox-inspector" "$prefix/share/applications/$app_id.desktop" \
    "$prefix/share/metainfo/$app_id.metainfo.xml"
  rm -f "$prefix"/share/icons/hicolor/*/apps/"$app_id".png "$prefix/share/icons/hicolor/scalable/apps/$app_id.svg"
  # The link default xdg-mime set at install (only that line, only when it names this app; older xdg-utils
  # wrote it under applications/).
  for mimeapps in "${XDG_CONFIG_HOME:-$HOME/.config}/mimeapps.list" \
    "${XDG_DATA_HOME:-$HOME/.local/share}/applications/mimeapps.list"; do
    [ -f "$mimeapps" ] && sed -i "/^x-scheme-handler\/metrifox-inspector=${app_id//./\\.}\\.desktop;\?\$/d" "$mimeapps"
  done
  echo "Uninstalled from $prefix"
  exit 0
fi
dist=${1:-$root/dist/metrifox-inspector}
[ -x "$dist/metrifox-inspector" ] || { echo "Build first: packaging/build-linux.sh" >&2; exit 1; }
mkdir -p "$appdir" "$prefix/bin" "$prefix/share/applications" "$prefix/share/metainfo"
rm -rf "$appdir"
cp -a "$dist" "$appdir"
ln -sf "$appdir/metrifox-inspector" "$prefix/bin/metrifox-inspector"
# Exec holds the path quoted as the desktop entry spec says (a folder may have a space, a $ or a %): \ " ` $
# escaped inside the quotes, then every \ doubled (the spec's string escape), % written %%.
quoted=$appdir/metrifox-inspector
quoted=${quoted//\\/\\\\}; quoted=${quoted//\"/\\\"}; quoted=${quoted//\`/\\\`}; quoted=${quoted//\$/\\\$}
quoted=${quoted//\\/\\\\}; quoted=${quoted//%/%%}
while IFS= read -r line; do
  case $line in
    Exec=metrifox-inspector*) printf 'Exec="%s"%s\n' "$quoted" "${line#Exec=metrifox-inspector}" ;;
    *) printf '%s\n' "$line" ;;
  esac
done < "$here/$app_id.desktop" > "$prefix/share/applications/$app_id.desktop"
cp "$here/$app_id.metainfo.xml" "$prefix/share/metainfo/"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$prefix/share/icons/hicolor/${size}x${size}/apps"
  cp "$root/resources/icons/metrifox-inspector-$size.png" "$prefix/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
mkdir -p "$prefix/share/icons/hicolor/scalable/apps"
cp "$root/resources/icons/metrifox-inspector.svg" "$prefix/share/icons/hicolor/scalable/apps/$app_id.svg"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/share/applications" || true
# Helpdesk links (metrifox-inspector://customer/KEY) open in the app: its .desktop entry handles the scheme.
command -v xdg-mime >/dev/null && xdg-mime default "$app_id.desktop" x-scheme-handler/metrifox-inspector || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -qtf "$prefix/share/icons/hicolor" || true
echo "Installed to $appdir; start it from your applications menu or with: metrifox-inspector"
