// Linux App Service plan. Production and the staging slot run on the same instances, so capacity is
// the number of instances each slot gets. Premium v3 is the smallest tier with slots, Always On and
// fast scale-out; health check needs at least two instances to take a bad one out of rotation.

@description('Name of the plan.')
param name string

@description('Region of the plan.')
param location string

@description('Tags of every resource (azd-env-name).')
param tags object

@description('Plan SKU (Premium v3 family).')
param skuName string

@minValue(1)
@maxValue(10)
@description('Number of instances.')
param instanceCount int

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

@description('Resource id of the plan.')
output id string = plan.id

@description('Number of instances the plan runs.')
output instanceCount int = plan.sku.capacity
