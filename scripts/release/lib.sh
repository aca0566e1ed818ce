#!/usr/bin/env bash
# Shared by the release scripts (sourced, never run): where the deployment is, and how to check it.
# Values come from the process environment first (CI sets them), then from the azd environment
# (`azd env get-value`, filled by `azd provision`), then from Azure itself (az, by azd's tags).

# The azure.yaml service and the slot releases go through.
readonly SERVICE=web
readonly SLOT=staging
# Readiness polling after a deploy or swap: Oryx builds and the instances restart first.
readonly READY_ATTEMPTS=${READY_ATTEMPTS:-40}
readonly READY_INTERVAL_SECONDS=${READY_INTERVAL_SECONDS:-15}

log() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

# Prints a setting: process environment, else azd environment, else nothing.
setting() {
  local value
  value=$(printenv "$1" || true)
  if [ -z "$value" ] && have azd; then
    value=$(azd env get-value "$1" 2>/dev/null || true)
  fi
  printf '%s' "$value"
}

# az, pinned to the azd environment's subscription when it is known.
az_sub() {
  local subscription
  subscription=$(setting AZURE_SUBSCRIPTION_ID)
  if [ -n "$subscription" ]; then
    az "$@" --subscription "$subscription"
  else
    az "$@"
  fi
}

# Sets RESOURCE_GROUP and SITE_NAME: outputs of `azd provision`, else the site tagged by azd.
resolve_site() {
  RESOURCE_GROUP=$(setting AZURE_RESOURCE_GROUP)
  SITE_NAME=$(setting SERVICE_WEB_NAME)
  if [ -n "$RESOURCE_GROUP" ] && [ -n "$SITE_NAME" ]; then return 0; fi
  have az || die "az is needed to find the site (or set AZURE_RESOURCE_GROUP and SERVICE_WEB_NAME)"
  local env_name found
  env_name=$(setting AZURE_ENV_NAME)
  [ -n "$env_name" ] || die "no azd environment: run 'azd env select <name>' or set AZURE_ENV_NAME"
  found=$(az_sub resource list --tag "azd-env-name=${env_name}" \
    --query "[?type=='Microsoft.Web/sites' && tags.\"azd-service-name\"=='${SERVICE}'] | [0].[resourceGroup, name]" \
    --output tsv)
  read -r RESOURCE_GROUP SITE_NAME <<<"$found"
  [ -n "${SITE_NAME:-}" ] || die "no site tagged azd-env-name=${env_name}, azd-service-name=${SERVICE}"
}

# Prints the https URL of `production` or `staging`.
slot_url() {
  local output uri host
  if [ "$1" = production ]; then output=SERVICE_WEB_URI; else output=SERVICE_WEB_STAGING_URI; fi
  uri=$(setting "$output")
  if [ -z "$uri" ]; then
    resolve_site
    if [ "$1" = production ]; then
      host=$(az_sub webapp show -g "$RESOURCE_GROUP" -n "$SITE_NAME" --query defaultHostName -o tsv)
    else
      host=$(az_sub webapp show -g "$RESOURCE_GROUP" -n "$SITE_NAME" --slot "$1" --query defaultHostName -o tsv)
    fi
    uri="https://${host}"
  fi
  printf '%s' "${uri%/}"
}

# Prints the HTTP status of a GET (000 when nothing answered).
http_status() {
  curl --silent --show-error --output /dev/null --write-out '%{http_code}' --max-time 30 "$1" || true
}

# Waits until the readiness route answers 200 (warm-up, build and restart take minutes).
wait_ready() {
  local url=$1 attempt status
  for ((attempt = 1; attempt <= READY_ATTEMPTS; attempt++)); do
    status=$(http_status "${url}/readyz")
    if [ "$status" = 200 ]; then return 0; fi
    log "${url}/readyz answered ${status} (attempt ${attempt}/${READY_ATTEMPTS})"
    sleep "$READY_INTERVAL_SECONDS"
  done
  die "${url} never became ready"
}

# Smoke test: liveness and readiness, then the project's own MCP client against /mcp (discover,
# tools/list, whoami x5, a tally chain, a deliberate -32020; non-zero on any surprise).
smoke() {
  local url=$1 status
  wait_ready "$url"
  status=$(http_status "${url}/healthz")
  [ "$status" = 200 ] || die "${url}/healthz answered ${status}"
  log "MCP client against ${url}/mcp"
  npm run --silent client -- "${url}/mcp"
}

# Swaps staging and production with az. $1: preview | swap | reset (`az webapp deployment slot swap
# --action`: swap with preview, complete it, or cancel it).
az_swap() {
  resolve_site
  log "az webapp deployment slot swap --action $1 (${SITE_NAME}: ${SLOT} <-> production)"
  az_sub webapp deployment slot swap -g "$RESOURCE_GROUP" -n "$SITE_NAME" \
    --slot "$SLOT" --target-slot production --action "$1"
}

# Full swap. $1 $2: azd source and destination (staging @main promotes, @main staging rolls back).
# Prefers azd's App Service extension; falls back to az when azd or the extension is unavailable.
full_swap() {
  if have azd && ensure_azd_appservice; then
    log "azd appservice swap --service ${SERVICE} --src $1 --dst $2"
    azd appservice swap --service "$SERVICE" --src "$1" --dst "$2"
  else
    have az || die "neither the azd App Service extension nor az is available to swap"
    az_swap swap
  fi
}

# Installs azd's App Service extension (needs network once); false when it cannot be had.
ensure_azd_appservice() {
  azd extension list --installed 2>/dev/null | grep -q 'azure\.appservice' && return 0
  azd extension install azure.appservice >/dev/null 2>&1
}
