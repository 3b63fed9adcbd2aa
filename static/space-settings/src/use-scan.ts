import { useCallback, useEffect, useRef, useState } from 'react';
import {
  SPACE_SETTINGS,
  type ReviewView,
  type ScanProgress,
  type ScanStatusView,
  type ScanSummaryView,
  type StartScanPayload,
  type StartScanResult,
} from '../../../src/shared/api';
import type { UiError } from '../../common/errors';
import { callResolver } from '../../common/resolver';
import { usePolling, type Polling } from '../../common/use-polling';
import { isActive, mergeHistory } from './scan';

/** The review's scan as the page sees it, and what the page can do about it. */
export interface ScanState {
  scan: ScanProgress | null;
  latest: ScanSummaryView | null;
  history: ScanSummaryView[];
  /** A start request is on its way. */
  starting: boolean;
  /** Why the last start request failed. */
  startError: UiError | null;
  /** Said after a start request found a review already running. */
  notice: string | null;
  start: () => void;
  polling: Polling;
}

/**
 * Holds the scan state from `getReview`, starts scans, and polls `getScanStatus` while one is queued or running.
 * A space that has never been reviewed starts its first review straight away (once).
 */
export function useScan(view: ReviewView): ScanState {
  const neverScanned = view.scan === null && view.latest === null;
  const [scan, setScan] = useState<ScanProgress | null>(view.scan);
  const [latest, setLatest] = useState<ScanSummaryView | null>(view.latest);
  const [history, setHistory] = useState<ScanSummaryView[]>(view.history);
  const [starting, setStarting] = useState(neverScanned);
  const [startError, setStartError] = useState<UiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const apply = useCallback((status: ScanStatusView) => {
    setScan(status.scan);
    setLatest(status.latest);
    setHistory((h) => mergeHistory(h, status.latest));
  }, []);

  /** Asks for a scan; state changes only after the answer, so it can run from an effect. */
  const request = useCallback(async () => {
    const payload: StartScanPayload = {};
    const outcome = await callResolver<StartScanResult>(SPACE_SETTINGS.startScan, { ...payload });
    setStarting(false);
    if (!outcome.ok) {
      setStartError(outcome.error);
      return;
    }
    setStartError(null);
    const { started, scan: next } = outcome.data;
    setNotice(started ? null : 'A review of this space was already running, so this page shows its progress.');
    if (next !== null) {
      setScan(next);
      return;
    }
    // Started, but the answer held no progress: ask for it rather than leave the page saying nothing.
    const status = await callResolver<ScanStatusView>(SPACE_SETTINGS.getScanStatus);
    if (status.ok) apply(status.data);
  }, [apply]);

  const start = useCallback(() => {
    setStarting(true);
    setNotice(null);
    void request();
  }, [request]);

  // The first visit to a space that was never reviewed starts its review (once, even under StrictMode).
  const autoStarted = useRef(false);
  useEffect(() => {
    if (!neverScanned || autoStarted.current) return;
    autoStarted.current = true;
    void request();
  }, [neverScanned, request]);

  const polling = usePolling<ScanStatusView>({
    active: isActive(scan),
    workKey: scan?.jobId ?? '',
    poll: () => callResolver<ScanStatusView>(SPACE_SETTINGS.getScanStatus),
    onData: apply,
  });

  return { scan, latest, history, starting, startError, notice, start, polling };
}
