#!/usr/bin/env bash
# Refresh the vendored front-end files in this folder from the npm registry.
#
#   ./update.sh [HTMX_VERSION] [AXE_VERSION]
#
# Defaults are the versions recorded in README.md. Uses only `npm pack` into a
# temporary directory (no npm install, no node_modules, no CDN). After running,
# update the versions and hashes in README.md from the printed summary.
set -euo pipefail

HTMX_VERSION="${1:-4.0.1}"
AXE_VERSION="${2:-4.14.1}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# fetch PKG VERSION: npm pack PKG@VERSION into $tmp/PKG, check the tarball
# against the registry's dist.integrity, and extract it to $tmp/PKG/package.
fetch() {
	local pkg="$1" version="$2" dir="$tmp/$1" tgz want got
	mkdir -p "$dir"
	(cd "$dir" && npm pack --silent "$pkg@$version" >/dev/null)
	tgz="$(ls "$dir"/*.tgz)"
	want="$(npm view "$pkg@$version" dist.integrity 2>/dev/null)"
	got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 | tr -d '\n')"
	if [[ "$want" != "$got" ]]; then
		echo "integrity mismatch for $pkg@$version: registry $want, tarball $got" >&2
		exit 1
	fi
	tar -xzf "$tgz" -C "$dir"
	echo "$pkg@$version  $got"
}

fetch htmx.org "$HTMX_VERSION"
fetch axe-core "$AXE_VERSION"

htmx="$tmp/htmx.org/package"
axe="$tmp/axe-core/package"

# The minified htmx build must carry the version we asked for.
if ! grep -q "version=\"$HTMX_VERSION\"" "$htmx/dist/htmx.min.js"; then
	echo "dist/htmx.min.js does not declare version $HTMX_VERSION" >&2
	exit 1
fi
if ! head -c 200 "$axe/axe.min.js" | grep -q "axe v$AXE_VERSION"; then
	echo "axe.min.js does not declare version $AXE_VERSION" >&2
	exit 1
fi

install -m 0644 "$htmx/dist/htmx.min.js" "$here/htmx.min.js"
install -m 0644 "$htmx/LICENSE"          "$here/htmx.LICENSE"
install -m 0644 "$axe/axe.min.js"        "$here/axe.min.js"
install -m 0644 "$axe/LICENSE"           "$here/axe-core.LICENSE"

# Pages must not load anything from another host: list every URL left in the
# scripts so a reviewer can see they are only comments and metadata.
echo
echo "URLs in the vendored scripts (should be licence/doc links only):"
(cd "$here" && grep -oE 'https?://[^"'"'"' )\\]+' htmx.min.js axe.min.js | sort | uniq -c) || true

echo
(cd "$here" && wc -c htmx.min.js axe.min.js && sha256sum htmx.min.js htmx.LICENSE axe.min.js axe-core.LICENSE)
