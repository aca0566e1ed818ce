// The MCP server: a Linux Node site plus a `staging` slot on the same plan, configured identically
// so a swap changes only the code. Releases deploy to staging, get smoke-tested there, and are
// swapped in; swapping back is the rollback (docs/deploy.md).

@description('Name of the site.')
param name string

@description('Region of the site.')
param location string

@description('Tags of every resource (azd-env-name).')
param tags object

@description('azure.yaml service this site hosts; azd finds the site by this tag (never on the slot).')
param serviceName string

@description('Resource id of the App Service plan; the slot runs on the same one.')
param planId string

@description('Resource id of the user-assigned identity both slots run as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Object (principal) id of that identity.')
param identityPrincipalId string

@description('Runtime stack, e.g. NODE|22-lts.')
param linuxFxVersion string

@description('Resource id of the Log Analytics workspace that receives platform logs.')
param logAnalyticsWorkspaceId string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Share of traces the app keeps, 0..1 (TELEMETRY_SAMPLING_RATIO).')
param telemetrySamplingRatio string

@allowed([
  'signed'
  'redis'
])
@description('Where handle state lives (HANDLE_BACKEND).')
param handleBackend string

@secure()
@description('HANDLE_SIGNING_KEYS: `kid:base64key,...`. Identical on both slots so handles survive a swap.')
param handleSigningKeys string

@description('Handle lifetime after last use, in seconds (HANDLE_TTL_SECONDS).')
param handleTtlSeconds int

@description('Serve 2026-07-28 only and require every standard header (MCP_STRICT_HEADERS).')
param mcpStrictHeaders bool

@description('Extra browser origins allowed to call /mcp, comma-separated (MCP_ALLOWED_ORIGINS).')
param mcpAllowedOrigins string

@description('Azure Managed Redis host name; used when handleBackend is redis.')
param redisHostName string = ''

@description('Azure Managed Redis TLS port.')
param redisPort int = 10000

// The app's liveness route answers as soon as the process serves HTTP; the readiness route also
// checks dependencies (Redis) and turns 503 while the instance drains. Health check restarts dead
// instances, so it uses liveness; warm-up gates traffic and swaps, so it uses readiness.
var livenessPath = '/healthz'
var readinessPath = '/readyz'

var siteConfig = {
  linuxFxVersion: linuxFxVersion
  appCommandLine: 'node dist/main.js'
  alwaysOn: true
  http20Enabled: true
  minTlsVersion: '1.2'
  scmMinTlsVersion: '1.2'
  ftpsState: 'Disabled'
  healthCheckPath: livenessPath
  use32BitWorkerProcess: false
  webSocketsEnabled: false
}

var identity = {
  type: 'UserAssigned'
  userAssignedIdentities: {
    '${identityId}': {}
  }
}

var redisSettings = handleBackend == 'redis' ? {
  REDIS_URL: 'rediss://${redisHostName}:${redisPort}'
  REDIS_AUTH: 'entra'
  REDIS_USERNAME: identityPrincipalId
} : {}

// Identical on both slots (none of these is slot-sticky), so a swap carries code and settings
// together and the signing keys that minted a handle still verify it after the swap.
var baseSettings = {
  // azd zips the sources without node_modules; Oryx installs and runs `npm run build` on deploy.
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
  ENABLE_ORYX_BUILD: 'true'
  // NODE_ENV=production makes `npm install` skip devDependencies, which the build needs (Oryx #1068).
  NPM_CONFIG_INCLUDE: 'dev'
  NODE_ENV: 'production'
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  TELEMETRY_SAMPLING_RATIO: telemetrySamplingRatio
  AZURE_CLIENT_ID: identityClientId
  HANDLE_BACKEND: handleBackend
  HANDLE_SIGNING_KEYS: handleSigningKeys
  HANDLE_TTL_SECONDS: string(handleTtlSeconds)
  MCP_STRICT_HEADERS: mcpStrictHeaders ? 'true' : 'false'
  MCP_ALLOWED_ORIGINS: mcpAllowedOrigins
  WEBSITE_HEALTHCHECK_MAXPINGFAILURES: '2'
  WEBSITE_WARMUP_PATH: readinessPath
  WEBSITE_WARMUP_STATUSES: '200'
  WEBSITE_SWAP_WARMUP_PING_PATH: readinessPath
  WEBSITE_SWAP_WARMUP_PING_STATUSES: '200'
  // After SIGTERM (swap, scale-in, restart) App Service waits this many seconds before it kills the
  // container: 5 by default, at most 120
  // (https://learn.microsoft.com/azure/app-service/reference-app-settings#custom-containers).
  // The app's shutdown budget (drain, task hand-over, in-flight requests) stays 5 s under it.
  WEBSITES_CONTAINER_STOP_TIME_LIMIT: '30'
  SHUTDOWN_TIMEOUT_MS: '25000'
}

var appSettings = union(baseSettings, redisSettings)

var platformLogs = [
  'AppServiceConsoleLogs'
  'AppServiceHTTPLogs'
  'AppServicePlatformLogs'
]

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'app,linux'
  identity: identity
  properties: {
    serverFarmId: planId
    reserved: true
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: siteConfig
  }
}

resource staging 'Microsoft.Web/sites/slots@2024-11-01' = {
  parent: site
  name: 'staging'
  location: location
  tags: tags
  kind: 'app,linux'
  identity: identity
  properties: {
    serverFarmId: planId
    reserved: true
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: siteConfig
  }
}

resource siteSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, { SLOT_NAME: 'production' })
}

resource stagingSettings 'Microsoft.Web/sites/slots/config@2024-11-01' = {
  parent: staging
  name: 'appsettings'
  properties: union(appSettings, { SLOT_NAME: 'staging' })
}

// Sticky settings stay with their slot through a swap. This resource replaces the whole list.
resource stickySettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'slotConfigNames'
  properties: {
    appSettingNames: [
      'SLOT_NAME'
    ]
  }
}

// Deploys authenticate with Entra ID tokens (azd, az); publishing passwords stay off.
resource siteFtp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource siteScm 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource stagingFtp 'Microsoft.Web/sites/slots/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: staging
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource stagingScm 'Microsoft.Web/sites/slots/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: staging
  name: 'scm'
  properties: {
    allow: false
  }
}

// Diagnostic settings do not swap: each slot sends its own console, HTTP and platform logs.
resource siteDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: site
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [for category in platformLogs: { category: category, enabled: true }]
  }
}

resource stagingDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: staging
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [for category in platformLogs: { category: category, enabled: true }]
  }
}

@description('Name of the site.')
output name string = site.name

@description('Production URL.')
output uri string = 'https://${site.properties.defaultHostName}'

@description('Staging slot URL (its host name is shortened and suffixed by the platform, so read it).')
output stagingUri string = 'https://${staging.properties.defaultHostName}'
