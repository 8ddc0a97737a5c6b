#!/usr/bin/env bash
# Install the dashboard from the offline bundle (no network): run as root from the
# unpacked bundle folder.  ./install.sh [PREFIX]   (default /opt/cancer-dashboard)
#   PREFIX/venv   a virtual environment with every dependency, from wheels/ only
#   PREFIX/app    the application (working directory of the services)
# With INSTALL_SYSTEM=0 only the two folders are made (no user, units or nginx site).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PREFIX=${1:-/opt/cancer-dashboard}
PYTHON=${PYTHON:-python3}
mkdir -p "$PREFIX"
"$PYTHON" -m venv "$PREFIX/venv"
"$PREFIX/venv/bin/pip" install --no-index --find-links "$here/wheels" --disable-pip-version-check -q \
  -r "$here/requirements.txt"
rm -rf "$PREFIX/app.new"
cp -a "$here/app" "$PREFIX/app.new"
rm -rf "$PREFIX/app.old"
[ -d "$PREFIX/app" ] && mv "$PREFIX/app" "$PREFIX/app.old"
mv "$PREFIX/app.new" "$PREFIX/app"
if [ "${INSTALL_SYSTEM:-1}" = "1" ]; then
  id cancer-dashboard >/dev/null 2>&1 || useradd --system --home /var/lib/cancer-dashboard --shell /usr/sbin/nologin cancer-dashboard
  install -d -o cancer-dashboard -g cancer-dashboard /var/lib/cancer-dashboard
  install -d /etc/cancer-dashboard
  [ -f /etc/cancer-dashboard/env ] || install -m 640 -g cancer-dashboard "$PREFIX/app/deploy/env.example" /etc/cancer-dashboard/env
  install -m 644 "$PREFIX/app/deploy/cancer-dashboard@.service" /etc/systemd/system/
  if [ -d /etc/nginx/sites-available ]; then
    install -m 644 "$PREFIX/app/deploy/nginx-cancer-dashboard.conf" /etc/nginx/sites-available/cancer-dashboard
  fi
  systemctl daemon-reload 2>/dev/null || true
fi
echo "installed in $PREFIX (next steps: README, Deployment)"
