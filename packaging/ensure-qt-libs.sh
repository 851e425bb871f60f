#!/bin/sh
# Install the X11 libraries Qt's xcb platform plugin needs, when they are missing
# and we can (Debian/Ubuntu). Offscreen use needs none of them.
LIBS="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3"
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=""
for lib in $LIBS; do
  dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q "install ok installed" || missing="$missing $lib"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "Qt needs these system libraries to open a window:$missing" >&2
  echo "Install them with your package manager, then run again." >&2
  exit 0
fi
echo "Installing system libraries Qt needs for a window:$missing"
$SUDO apt-get update -qq && $SUDO apt-get install -y -qq $missing >/dev/null || \
  echo "Could not install:$missing (the app may fail to open a window)" >&2
