import { Queue } from '@forge/events';
import type { JobQueue, ScanEvent } from '../../services/scans';

/** The queue the scan consumer reads (manifest: `consumer.queue`). */
export const SCAN_QUEUE = 'space-scans';

/** The {@link JobQueue} port over `@forge/events` (delay ≤ 900 s per the Async events API). */
export function forgeScanQueue(): JobQueue {
  const queue = new Queue({ key: SCAN_QUEUE });
  return {
    async push(event: ScanEvent, delaySeconds = 0) {
      await queue.push({ body: { ...event }, delayInSeconds: Math.min(900, Math.max(0, Math.round(delaySeconds))) });
    },
  };
}
