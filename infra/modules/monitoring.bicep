// Log Analytics workspace + workspace-based Application Insights. The app sends telemetry in code
// (Azure Monitor OpenTelemetry distro) using the connection string; nothing here turns on the
// platform's codeless agent (ApplicationInsightsAgent_EXTENSION_VERSION), which would report every
// request twice.

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Region of both resources.')
param location string

@description('Tags of every resource (azd-env-name).')
param tags object

@minValue(30)
@maxValue(730)
@description('Days the workspace keeps logs and telemetry.')
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

@description('Resource id of the workspace, for diagnostic settings.')
output workspaceId string = workspace.id

@description('Name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name

@description('Connection string the app exports telemetry with (an ingestion address, not a credential).')
output connectionString string = applicationInsights.properties.ConnectionString
