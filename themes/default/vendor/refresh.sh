#!/bin/sh
# Refresh the JSON-LD library vendored into the default theme (`make vendor`).
#
# The verification page checks eddsa-rdfc-2022 signatures in the browser: WebCrypto does the
# Ed25519 part, and RDF canonicalization (RDFC-1.0) needs jsonld.js with rdf-canonize, both by
# Digital Bazaar under the BSD 3-Clause licence. Their browser build is copied from the npm
# package into themes/default/static/vendor/ with the licences, so that sites never load code
# from a CDN. The version is pinned here and in static/vendor/README.md; the sha256 of the
# copied file is printed so that a change shows in review.
set -eu

JSONLD=jsonld@9.0.0
# What the browser build bundles, whose licences ship beside it.
BUNDLED="rdf-canonize@5.0.0 core-js@3.47.0 lru-cache@6.0.0 yallist@4.0.0 canonicalize@2.1.0 setimmediate@1.0.5"

here=$(cd "$(dirname "$0")" && pwd)
target="$here/../static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
mkdir -p "$target"
for spec in "$JSONLD" $BUNDLED; do
  name=${spec%@*}
  mkdir "$name"
  tar -xzf "$(npm pack --silent "$spec" | tail -n 1)" -C "$name" --strip-components=1
  cp "$(ls "$name"/LICEN[CS]E* | head -n 1)" "$target/LICENSE-$name.txt"
done
cp jsonld/dist/jsonld.min.js "$target/jsonld.min.js"
echo "$JSONLD dist/jsonld.min.js → static/vendor/jsonld.min.js"
sha256sum "$target/jsonld.min.js"
