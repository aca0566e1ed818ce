#!/usr/bin/env bash
# Rolls production back to the previous release, which the last swap left in the staging slot:
# swaps the pair again (azd appservice swap --src @main --dst staging; az as fallback), then
# smoke-tests production.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/release/lib.sh
. scripts/release/lib.sh

production_url=$(slot_url production)
full_swap @main "$SLOT"
smoke "$production_url"
log "rolled back: ${production_url} serves the previous release"
