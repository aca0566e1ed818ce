#!/usr/bin/env bash
# Promotes staging to production.
#   default      swap with preview: staging restarts with production's settings and is smoke-tested
#                as it will serve production; then the swap completes (or is reset on failure).
#   --direct     one-step swap with `azd appservice swap` (az as fallback), no preview.
# Either way production is smoke-tested afterwards, and a failure swaps straight back unless
# --no-rollback is given.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/release/lib.sh
. scripts/release/lib.sh

mode=preview
rollback_on_failure=true
for arg in "$@"; do
  case "$arg" in
    --direct) mode=direct ;;
    --no-rollback) rollback_on_failure=false ;;
    *) die "usage: $0 [--direct] [--no-rollback]" ;;
  esac
done

staging_url=$(slot_url "$SLOT")
production_url=$(slot_url production)

if [ "$mode" = preview ]; then
  have az || die "swap with preview needs az (or use --direct)"
  az_swap preview
  # While previewing, staging runs the new code with production's (sticky) settings.
  if ! (smoke "$staging_url"); then
    log "staging failed with production settings; cancelling the swap"
    az_swap reset
    exit 1
  fi
  az_swap swap
else
  full_swap "$SLOT" @main
fi

if ! (smoke "$production_url"); then
  if [ "$rollback_on_failure" = true ]; then
    log "production failed its smoke test after the swap; swapping back"
    full_swap @main "$SLOT"
    (smoke "$production_url") || log "production still fails after the rollback: investigate now"
  fi
  exit 1
fi
log "released: ${production_url} (the previous version now runs in ${SLOT})"
