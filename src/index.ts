/**
 * Every handler the manifest names (`function.handler: index.<export>`), one resolver per Forge module.
 */
export { spacePageHandler } from './resolvers/space-page';
export { spaceSettingsHandler } from './resolvers/space-settings';
export { pageBannerHandler } from './resolvers/page-banner';
export { globalSettingsHandler } from './resolvers/global-settings';
export { scanConsumerHandler } from './resolvers/scan-consumer';
export { scheduledRescanHandler } from './resolvers/scheduled-rescan';
