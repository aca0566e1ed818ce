// Azure Managed Redis for the shared handle store (HANDLE_BACKEND=redis). Access is Microsoft Entra
// ID only: access keys are disabled and the app's user-assigned identity gets the built-in
// `default` access policy, so no Redis secret exists anywhere.

@description('Name of the Redis Enterprise cluster.')
param name string

@description('Region of the cache.')
param location string

@description('Tags of every resource (azd-env-name).')
param tags object

@description('Azure Managed Redis SKU; Balanced_B0 (0.5 GB) is plenty for handle state.')
param skuName string = 'Balanced_B0'

@description('Replicate the data (about twice the cost); off only for throwaway environments.')
param highAvailability bool = true

// OSSCluster (the service default) needs a cluster-aware client and answers a plain ioredis client
// with MOVED errors; both of these expose one endpoint any client can use. Fixed at creation.
@allowed([
  'EnterpriseCluster'
  'NoCluster'
])
@description('Clustering policy of the database.')
param clusteringPolicy string = 'EnterpriseCluster'

@description('Object (principal) id of the identity the app authenticates as.')
param principalId string

resource cluster 'Microsoft.Cache/redisEnterprise@2025-07-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    minimumTlsVersion: '1.2'
    highAvailability: highAvailability ? 'Enabled' : 'Disabled'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2025-07-01' = {
  parent: cluster
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    clusteringPolicy: clusteringPolicy
    // A handle store must not drop live handles to make room: every key has a TTL instead, and a
    // full cache fails writes (a retryable tool error) rather than silently losing state.
    evictionPolicy: 'NoEviction'
    accessKeysAuthentication: 'Disabled'
  }
}

resource appAccess 'Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments@2025-07-01' = {
  parent: database
  name: 'webapp'
  properties: {
    accessPolicyName: 'default'
    user: {
      objectId: principalId
    }
  }
}

@description('Host name the app connects to (TLS).')
output hostName string = cluster.properties.hostName

@description('TLS port of the database.')
output port int = database.properties.port
