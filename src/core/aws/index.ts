export * from './types';
export { CLIENT_TIMEOUTS, ClientFactory, type ClientFactoryOptions } from './clientFactory';
export { createLambdaService } from './lambdaService';
export { checkCredentials, resolveDefaultRegion, type CredentialCheck } from './credentials';
export { resolveEndpoint, findEndpoint, normalizeEndpoint, isLocalEndpoint, type EndpointService, type EndpointSource } from './endpoint';
export { listRegions, partitionOf, regionName, type RegionInfo } from './regions';
export { isValidRegion, consoleHost, REGION_ID } from './regionId';
export { toWorkbenchError } from './errorMapping';
export { listAllRegions, type RegionListing, type ListAllOptions } from './listAll';
export { listProfiles, requireKnownProfile, unknownProfileError, type ProfileInfo } from './profiles';
export {
  BASIC_EXECUTION_POLICY_ARN,
  createBasicExecutionRole,
  LAMBDA_TRUST_POLICY,
  listLambdaRoles,
  suggestRoleName,
  trustsLambda,
  validateRoleName,
  type ExecutionRole,
} from './executionRoles';
