import fc from 'fast-check';

/**
 * Property tests run with a fixed seed by default so CI is reproducible; set `FC_SEED=random` to explore new
 * cases locally (a failure prints its seed), or `FC_SEED=<n>` to replay one.
 */
const seed = process.env['FC_SEED'];
if (seed !== 'random') fc.configureGlobal({ seed: seed ? Number(seed) : 20261129 });
