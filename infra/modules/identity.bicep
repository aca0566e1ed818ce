// One user-assigned identity for the site and its staging slot. Managed identities never swap with
// a slot (App Service docs, "Set up staging environments": what swaps and what doesn't), so a
// system-assigned identity would differ per slot and every grant (the Redis access policy) would
// have to be made twice; a shared user-assigned one is granted once.

@description('Name of the identity.')
param name string

@description('Region of the identity.')
param location string

@description('Tags of every resource (azd-env-name).')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id, for the identity blocks of the site and the slot.')
output id string = identity.id

@description('Client id: AZURE_CLIENT_ID of the app, so DefaultAzureCredential picks this identity.')
output clientId string = identity.properties.clientId

@description('Object (principal) id: the Redis user name under Entra ID authentication.')
output principalId string = identity.properties.principalId
