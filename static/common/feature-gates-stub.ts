/**
 * Stands in for `@atlaskit/feature-gate-js-client` in the built apps (see `tools/build-static.ts`).
 *
 * Atlaskit components ask this client whether internal Atlassian feature gates are on. Inside a Forge iframe
 * nobody initialises it, so the real client answers "off" (and the default value for experiments) to every
 * question, after logging a warning. This stub gives the same answers without the ~60 KB gzip Statsig SDK that
 * the real client bundles, which would otherwise be most of the page banner.
 */

const answers = {
  initializeCompleted: (): boolean => false,
  checkGate: (): boolean => false,
  isGateExist: (): boolean => false,
  getExperimentValue: <T>(_experiment: string, _parameter: string, defaultValue: T): T => defaultValue,
  hasCheckGateErrorOccurred: false,
  hasGetExperimentValueErrorOccurred: false,
};

/** Any other method the real client has answers `undefined`, as an uninitialised client effectively does. */
const FeatureGates: typeof answers & Record<string, unknown> = new Proxy(answers, {
  get(target, property) {
    if (typeof property !== 'string' || property === 'then') return undefined;
    if (property in target) return target[property as keyof typeof answers];
    return () => undefined;
  },
});

export default FeatureGates;
