import { ConfluenceClient } from '../adapters/confluence/client';
import { RetryBudget } from '../adapters/confluence/retry';
import { forgeScanQueue } from '../adapters/forge/queue';
import { forgeStore } from '../adapters/forge/storage';
import { asAppTransport } from '../adapters/forge/transport';
import { log } from '../adapters/log';
import { handleScanEvent } from '../services/scans';
import { remainingMs } from './budget';

/**
 * Handler of the `consumer` module on the `space-scans` queue: runs one slice of a space scan as the app, then
 * re-queues the job until it is done. `event.body` is `{spaceId, jobId}` (validated; anything else is ignored).
 * Storage failures propagate so the platform retries the event; the job resumes from its last checkpoint.
 */
export async function scanConsumerHandler(event: { body?: unknown }): Promise<void> {
  const started = Date.now();
  const client = new ConfluenceClient(asAppTransport(), { budget: new RetryBudget(50), remainingMs: remainingMs(started, 300_000) });
  const outcome = await handleScanEvent({ store: forgeStore, queue: forgeScanQueue(), client, remainingMs: remainingMs(started, 300_000) }, event.body);
  log.info('scan slice', { outcome, requests: client.stats.requests, retries: client.stats.retries, ms: Date.now() - started });
}
