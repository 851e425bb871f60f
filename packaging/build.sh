#!/bin/sh
# Build the standalone Comparison Viewer with PyInstaller, from a clean virtual
# environment so that only the project's own dependencies end up in the bundle.
#
#   sh packaging/build.sh            one-folder build -> dist/comparison-viewer/
#   ONEFILE=1 sh packaging/build.sh  also a one-file build -> dist/comparison-viewer-onefile
#   KEEP_VENV=1 sh packaging/build.sh  reuse build/pkg-venv (faster iterations)
#
# Environment: PYTHON (default python3, 3.11-3.13), DIST (default dist), WORK (default build).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
DIST=${DIST:-$ROOT/dist}
WORK=${WORK:-$ROOT/build}
VENV=$WORK/pkg-venv
START=$(date +%s)

cd "$ROOT"
if [ "${KEEP_VENV:-0}" != 1 ] || [ ! -x "$VENV/bin/python" ]; then
  echo "== clean build environment: $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi
echo "== installing the project and PyInstaller"
# A regular (non-editable) install gives PyInstaller the package and its metadata,
# which is where the version shown by --version comes from. It is made from a copy:
# setuptools would otherwise leave an egg-info folder in the checkout.
SRC=$WORK/pkg-src
rm -rf "$SRC" && mkdir -p "$SRC"
cp -R pyproject.toml README.md viewer "$SRC/"
find "$SRC" -name __pycache__ -prune -exec rm -rf {} +
"$VENV/bin/python" -m pip install --quiet "$SRC[package]"

echo "== X11 libraries for the xcb plugin (bundled when present on this machine)"
# PyInstaller copies a plugin's libraries only if it can find them here; with them in
# the bundle a real window opens on desktops that lack these small xcb helper libraries.
sh packaging/ensure-qt-libs.sh || true

echo "== rendering the application icon"
"$VENV/bin/python" packaging/render_icons.py --check

build() {
  ONEFILE=$1 "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK/pyinstaller-$1" packaging/comparison-viewer.spec
}
echo "== PyInstaller (one folder)"
build 0
cp packaging/comparison-viewer.desktop "$DIST/comparison-viewer/"
cp resources/icons/app.svg "$DIST/comparison-viewer/comparison-viewer.svg"
cp resources/icons/app-256.png "$DIST/comparison-viewer/comparison-viewer.png"
cp packaging/install-desktop-entry.sh "$DIST/comparison-viewer/"
if [ "${ONEFILE:-0}" = 1 ]; then
  echo "== PyInstaller (one file)"
  build 1
fi

END=$(date +%s)
SIZE=$(du -sm "$DIST/comparison-viewer" | cut -f1)
echo "== built $DIST/comparison-viewer/comparison-viewer (${SIZE} MB unpacked) in $((END - START)) s"
[ "${ONEFILE:-0}" = 1 ] && echo "== one file: $DIST/comparison-viewer-onefile ($(du -sm "$DIST/comparison-viewer-onefile" | cut -f1) MB)"
exit 0
