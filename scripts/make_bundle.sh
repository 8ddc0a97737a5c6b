#!/usr/bin/env bash
# make bundle: one archive that installs with no network (README "Deployment").
#   dist/cancer-dashboard-<version>.tar.gz
#     app/               the source tree (app.py, dashboard/, layouts/, assets/ with vendored scripts, geodata/, deploy/)
#     wheels/            a wheel of every Python dependency (PostgreSQL and Redis drivers included)
#     requirements.txt   exact versions of those wheels
#     install.sh         deploy/install.sh
# Build it on a machine with the server's Debian release and architecture (same Python).
# Usage: scripts/make_bundle.sh [PYTHON]   (default .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-.venv/bin/python}
version=$("$PY" -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
name="cancer-dashboard-$version"
out=dist/$name
rm -rf "$out" "dist/$name.tar.gz"
mkdir -p "$out/wheels" "$out/app"
# the source tree as it is (tracked and new files, nothing ignored such as var/ or .venv/)
git ls-files -co --exclude-standard -z | xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' \
  | tar --null -T - -cf - | tar -xf - -C "$out/app"
"$PY" -m pip wheel -q --disable-pip-version-check -w "$out/wheels" ".[postgres,redis]"
rm -f "$out"/wheels/cancer_plan_dashboard-*.whl  # the app runs from app/, not from a wheel
for w in "$out"/wheels/*.whl; do
  b=$(basename "$w"); n=${b%%-*}; rest=${b#*-}; v=${rest%%-*}
  echo "$n==$v"
done | sort > "$out/requirements.txt"
cp deploy/install.sh "$out/install.sh"
tar -C dist -czf "dist/$name.tar.gz" "$name"
rm -rf "$out"
echo "dist/$name.tar.gz: $(du -h "dist/$name.tar.gz" | cut -f1), $(wc -l < <(tar -tzf "dist/$name.tar.gz" | grep '\.whl$')) wheels"
