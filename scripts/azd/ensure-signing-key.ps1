# azd preprovision hook (Windows): same contract as ensure-signing-key.sh. Generates
# HANDLE_SIGNING_KEYS (`k<UTC date>:<32 random bytes, base64>`) into the azd environment when none is
# set, never replaces an existing value, and refuses to generate one in CI.
$ErrorActionPreference = 'Stop'

if ($env:HANDLE_SIGNING_KEYS) {
  Write-Host 'HANDLE_SIGNING_KEYS is set; keeping it.'
  exit 0
}

if ($env:CI -or $env:GITHUB_ACTIONS -or $env:TF_BUILD) {
  Write-Error ('HANDLE_SIGNING_KEYS is not set. Refusing to generate one in CI: it would replace the key ' +
    'of the running deployment and invalidate its handles. Provision from a workstation, or pass the ' +
    'existing value to azd (azd env set HANDLE_SIGNING_KEYS ...).')
  exit 1
}

$bytes = [byte[]]::new(32)
[System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
$kid = 'k' + [DateTime]::UtcNow.ToString('yyyyMMdd')
$value = $kid + ':' + [Convert]::ToBase64String($bytes)

azd env set HANDLE_SIGNING_KEYS $value | Out-Null
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
Write-Host "Generated HANDLE_SIGNING_KEYS (key id $kid) into the azd environment."
