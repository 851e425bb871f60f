#!/bin/sh
# Add the Comparison Viewer to the desktop's application menu (current user only).
# Run it from the unpacked bundle folder: ./install-desktop-entry.sh
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$DATA/applications" "$DATA/icons/hicolor/256x256/apps" "$DATA/icons/hicolor/scalable/apps"
cp "$HERE/comparison-viewer.png" "$DATA/icons/hicolor/256x256/apps/comparison-viewer.png"
cp "$HERE/comparison-viewer.svg" "$DATA/icons/hicolor/scalable/apps/comparison-viewer.svg"
# The menu entry must point at this folder's executable, wherever it was unpacked.
sed "s|^Exec=comparison-viewer|Exec=\"$HERE/comparison-viewer\"|" "$HERE/comparison-viewer.desktop" \
  > "$DATA/applications/comparison-viewer.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$DATA/applications" || true
echo "Installed $DATA/applications/comparison-viewer.desktop"
