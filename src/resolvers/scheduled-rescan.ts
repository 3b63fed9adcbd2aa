import { ConfluenceClient } from '../adapters/confluence/client';
import { forgeScanQueue } from '../adapters/forge/queue';
import { forgeStore } from '../adapters/forge/storage';
import { asAppTransport } from '../adapters/forge/transport';
import { log } from '../adapters/log';
import { loadSettings } from '../services/settings';
import { scheduledRescan } from '../services/site-review';
import { remainingMs } from './budget';

/**
 * Handler of the daily `scheduledTrigger`: queues a rescan of every space due one (`rescanDays` in the
 * organisation settings; 0 turns it off). Runs as the app. Scheduled triggers may fire twice; a second run finds
 * the scans already running (each holds its lock) and starts nothing.
 */
export async function scheduledRescanHandler(): Promise<void> {
  const started = Date.now();
  const client = new ConfluenceClient(asAppTransport(), { remainingMs: remainingMs(started, 55_000) });
  const { settings } = await loadSettings(forgeStore);
  const result = await scheduledRescan({ client, store: forgeStore, queue: forgeScanQueue() }, settings);
  log.info('scheduled rescan', { ...result, ms: Date.now() - started });
}
