#!/usr/bin/env bash
# Deploys the working tree to the `staging` slot with azd, then waits until staging is ready.
# After the first deploy (`azd up` fills production and every slot), `azd deploy` with exactly one
# slot targets that slot (azd's App Service slot support); this script refuses to run when that
# would not hold.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/release/lib.sh
. scripts/release/lib.sh

have azd || die "azd is not installed (https://aka.ms/azd)"
ignore=$(setting AZD_DEPLOY_WEB_IGNORE_SLOTS)
[ "$ignore" != true ] || die "AZD_DEPLOY_WEB_IGNORE_SLOTS=true would deploy straight to production"

if have az; then
  resolve_site
  slots=$(az_sub webapp deployment slot list -g "$RESOURCE_GROUP" -n "$SITE_NAME" --query "[].name" -o tsv)
  [ "$(printf '%s\n' "$slots" | sed '/^$/d' | sed 's#.*/##')" = "$SLOT" ] ||
    die "expected exactly one slot named ${SLOT} on ${SITE_NAME}, found: ${slots:-none}"
fi

log "azd deploy ${SERVICE} (lands in the ${SLOT} slot)"
AZD_DEPLOY_WEB_SLOT_NAME=$SLOT azd deploy "$SERVICE" --no-prompt

wait_ready "$(slot_url "$SLOT")"
log "staging is ready: $(slot_url "$SLOT")"
