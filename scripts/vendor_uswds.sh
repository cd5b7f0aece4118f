#!/usr/bin/env bash
# Vendor the U.S. Web Design System and htmx into the web app's static files.
#
# There is no internet at run time, so the browser must get every asset from enlace itself.
# This script packs the pinned npm releases into a temporary directory and copies only what
# the pages use: the compiled USWDS CSS and JS, the fonts and images the CSS refers to (found
# by reading its url(...) references, so nothing 404s), the icon sprite for the templates and
# the licences; and htmx's minified build.
#
# Usage: scripts/vendor_uswds.sh            (needs npm and a reachable npm registry)
#        USWDS_VERSION=3.x.y HTMX_VERSION=2.x.y scripts/vendor_uswds.sh
set -euo pipefail

USWDS_VERSION="${USWDS_VERSION:-3.14.0}"
HTMX_VERSION="${HTMX_VERSION:-2.0.11}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATIC="$ROOT/src/enlace/web/static/vendor"
USWDS_OUT="$STATIC/uswds"
HTMX_OUT="$STATIC/htmx"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

pack() {  # pack <spec> <dest>: download one npm tarball and unpack it into <dest>
    local spec="$1" dest="$2" tarball
    mkdir -p "$dest"
    tarball="$(cd "$WORK" && npm pack --silent "$spec" | tail -n 1)"
    tar -xzf "$WORK/$tarball" -C "$dest"
}

# Drop the trailing sourceMappingURL comment: the .map files are not vendored (they are large
# and useless offline), and Django's manifest storage fails collectstatic on a missing target.
strip_source_map() {
    sed -i -e '/^\/[*\/]# sourceMappingURL=.*$/d' "$1"
}

echo "Packing @uswds/uswds@$USWDS_VERSION and htmx.org@$HTMX_VERSION" >&2
pack "@uswds/uswds@$USWDS_VERSION" "$WORK/uswds"
pack "htmx.org@$HTMX_VERSION" "$WORK/htmx"
DIST="$WORK/uswds/package/dist"

# --- USWDS ---------------------------------------------------------------------------------
rm -rf "$USWDS_OUT"
mkdir -p "$USWDS_OUT/css" "$USWDS_OUT/js" "$USWDS_OUT/img"
cp "$DIST/css/uswds.min.css" "$USWDS_OUT/css/"
cp "$DIST/js/uswds.min.js" "$DIST/js/uswds-init.min.js" "$USWDS_OUT/js/"
for file in "$USWDS_OUT/css/uswds.min.css" "$USWDS_OUT/js/"*.js; do
    strip_source_map "$file"
done

# Every relative url(...) in the CSS (fonts and images), resolved against dist/css/.
grep -o 'url([^)]*)' "$DIST/css/uswds.min.css" \
    | sed -e 's/^url(//' -e 's/)$//' -e 's/^["'\'']//' -e 's/["'\'']$//' \
    | sed -e 's/[?#].*$//' \
    | grep '^\.\./' \
    | sort -u \
    | while read -r ref; do
        rel="${ref#../}"
        if [[ ! -f "$DIST/$rel" ]]; then
            echo "error: uswds.min.css refers to $rel, which the package does not contain" >&2
            exit 1
        fi
        mkdir -p "$USWDS_OUT/$(dirname "$rel")"
        cp "$DIST/$rel" "$USWDS_OUT/$rel"
    done

# The icon sprite, for <svg class="usa-icon"><use href="…/sprite.svg#name"></use></svg>.
cp "$DIST/img/sprite.svg" "$USWDS_OUT/img/"
cp "$WORK/uswds/package/LICENSE.md" "$USWDS_OUT/LICENSE.md"

# --- htmx ----------------------------------------------------------------------------------
rm -rf "$HTMX_OUT"
mkdir -p "$HTMX_OUT"
cp "$WORK/htmx/package/dist/htmx.min.js" "$HTMX_OUT/"
strip_source_map "$HTMX_OUT/htmx.min.js"
cp "$WORK/htmx/package/LICENSE" "$HTMX_OUT/LICENSE"

# --- provenance ----------------------------------------------------------------------------
cat > "$STATIC/VENDORED.md" <<EOF
# Vendored front-end assets

Written by \`scripts/vendor_uswds.sh\`; do not edit these files by hand.

| package | version | licence | what is copied |
|---|---|---|---|
| [@uswds/uswds](https://www.npmjs.com/package/@uswds/uswds) | $USWDS_VERSION | GSA work CC0; fonts SIL OFL 1.1, Roboto Mono and Material icons Apache 2.0 (see \`uswds/LICENSE.md\`) | \`dist/css/uswds.min.css\`, \`dist/js/uswds.min.js\`, \`dist/js/uswds-init.min.js\`, the fonts and images \`uswds.min.css\` refers to, \`dist/img/sprite.svg\` |
| [htmx.org](https://www.npmjs.com/package/htmx.org) | $HTMX_VERSION | Zero-Clause BSD, see \`htmx/LICENSE\` | \`dist/htmx.min.js\` |

The only change to the upstream files: the trailing \`sourceMappingURL\` comment is removed
from the minified CSS and JS, because the source maps are not vendored (Django's manifest
static storage would fail \`collectstatic\` on the missing targets).

enlace runs without internet access, so nothing is loaded from a CDN.

## Refresh

    scripts/vendor_uswds.sh                                   # the pinned versions
    USWDS_VERSION=3.x.y HTMX_VERSION=2.x.y scripts/vendor_uswds.sh

The script needs \`npm\` and the npm registry, and rewrites \`uswds/\` and \`htmx/\` from
scratch. Afterwards run \`pytest tests/web\` (the browser test fails if a page asks for a static
file that is missing) and review the diff. htmx stays on the 2.x line on purpose: a new major
version is an upgrade to plan, not a refresh.
EOF

du -sh "$USWDS_OUT" "$HTMX_OUT" >&2
