#!/bin/sh
# azd preprovision hook: makes sure the environment has HANDLE_SIGNING_KEYS before infra/main.bicep
# needs it. On the first provision of an environment where the user set none, it generates one
# key (`k<UTC date>:<32 random bytes, base64>`) into the azd environment (.azure/<env>/.env, which
# .gitignore keeps out of git). It never replaces an existing value: a new key would invalidate
# every live handle. Rotation is manual and keeps the old key last (docs/deploy.md).
set -eu

if [ -n "${HANDLE_SIGNING_KEYS:-}" ]; then
  echo "HANDLE_SIGNING_KEYS is set; keeping it."
  exit 0
fi

# A CI runner starts with an empty environment. Generating a key there would rotate the key of a
# live deployment, so CI must be given the value (or not provision at all).
if [ -n "${CI:-}" ] || [ -n "${GITHUB_ACTIONS:-}" ] || [ -n "${TF_BUILD:-}" ]; then
  echo "HANDLE_SIGNING_KEYS is not set. Refusing to generate one in CI: it would replace the key of" >&2
  echo "the running deployment and invalidate its handles. Provision from a workstation, or pass the" >&2
  echo "existing value to azd (azd env set HANDLE_SIGNING_KEYS ...)." >&2
  exit 1
fi

if command -v openssl >/dev/null 2>&1; then
  key=$(openssl rand -base64 32)
else
  key=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
fi
kid="k$(date -u +%Y%m%d)"

azd env set HANDLE_SIGNING_KEYS "${kid}:${key}" >/dev/null
echo "Generated HANDLE_SIGNING_KEYS (key id ${kid}) into the azd environment."
