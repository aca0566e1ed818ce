#!/usr/bin/env bash
# Smoke-tests a deployment: `smoke.sh staging`, `smoke.sh production` or `smoke.sh https://host`.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/release/lib.sh
. scripts/release/lib.sh

target=${1:-staging}
case "$target" in
  https://* | http://*) url=${target%/} ;;
  staging | production) url=$(slot_url "$target") ;;
  *) die "usage: $0 staging|production|<url>" ;;
esac
smoke "$url"
log "smoke test passed: ${url}"
