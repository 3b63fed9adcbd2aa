/**
 * Local Confluence Cloud emulator: public library API. See docs/emulator.md.
 *
 * - {@link loadSite} / {@link parseSite}: read and validate a site file (throws {@link SiteFileError}).
 * - {@link startEmulator}: serve a site on 127.0.0.1 with the caller's visibility enforced.
 * - {@link generateSite}: build a site of any size for benchmarks; {@link buildDemoSite}: the committed demo site.
 */
export { loadSite, parseSite, SiteFileError, formatPath, DEFAULT_ROLES } from './site-schema';
export type { Site, SiteJson, SiteData, SiteIssue, ContentItemJson, OperationKey, TargetType } from './site-schema';
export { startEmulator, authenticate, bearerForUser, basicAuth, APP_BEARER } from './server';
export type { Emulator, EmulatorOptions, RequestRecord, RequestLog, RequestFilter, ContractViolation } from './server';
export { Faults, faultSettingsSchema } from './faults';
export type { FaultSettings, FaultDecision } from './faults';
export { SiteState, PrincipalView, principalKey, isLicensed, CURRENT_ONLY, CURRENT_AND_ARCHIVED, ANY_STATUS } from './model';
export type { ContentNode, ContentStatus, ContentType, SpaceRec, UserRec, GroupRec, Principal, RestrictionSet } from './model';
export { ROUTES, V2_BASE, urlTemplate } from './routes';
export type { RouteDef, RouteApi } from './routes';
export { parseCql, compileCql, CqlError } from './cql';
export { listingStats } from './listing';
export { SPEC_DIR, loadSpec, specOperation, validateResponse } from './openapi';
export type { ApiName } from './openapi';
export { generateSite, GENERATED_APP_ID } from './generate';
export type { GenerateOptions } from './generate';
export { buildDemoSite, DEMO_PERSONAS, DEMO_CREDENTIALS, DEMO_GROUPS, DEMO_SPACES, DEMO_CONTENT, DEMO_SITE_PATH } from './demo-site';
