#!/usr/bin/env bash
# Smoke-tests a deployment: `smoke.sh staging`, `smoke.sh production` or `smoke.sh https://host`
# (`https://host/mcp` works too).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/release/lib.sh
. scripts/release/lib.sh

target=${1:-staging}
case "$target" in
  # The site's base URL, as App Service gives it; its MCP endpoint URL (…/mcp) means the same site.
  https://* | http://*)
    url=${target%/}
    url=${url%/mcp}
    ;;
  staging | production) url=$(slot_url "$target") ;;
  *) die "usage: $0 staging|production|<url>" ;;
esac
smoke "$url"
log "smoke test passed: ${url}"
