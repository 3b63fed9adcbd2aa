import { useCallback, useEffect, useRef, useState } from 'react';
import type { UiError } from './errors';
import type { Outcome } from './outcome';
import { nextPollDelay, pollStopReason, POLL_INTERVAL_MS, POLL_LIMIT_MS, type PollStop } from './polling';

/**
 * Polling a resolver while background work runs (a scan), on a timer, with limits: it pauses while the frame is
 * hidden, backs off after failures and gives up after too many or after a time limit, so a tab left open
 * overnight does not call Confluence all night. The person can resume with {@link Polling.resume}.
 */

/** Whether the frame can be seen (Forge hides frames of tabs and panels that are not showing). */
export function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => typeof document === 'undefined' || document.visibilityState !== 'hidden');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}

export interface PollingOptions<T> {
  /** Poll while this is true (e.g. a scan is queued or running). */
  active: boolean;
  /** Identifies the work being watched (e.g. the scan's job id): a new key restarts the time limit. */
  workKey: string;
  poll: () => Promise<Outcome<T>>;
  onData: (data: T) => void;
  intervalMs?: number;
  limitMs?: number;
}

export interface Polling {
  /** Set when polling gave up before the work finished. */
  stopped: PollStop | null;
  /** The last failure, when polling stopped because of failures. */
  error: UiError | null;
  /** Starts polling again after it stopped (the time limit starts again). */
  resume: () => void;
}

export function usePolling<T>({ active, workKey, poll, onData, intervalMs = POLL_INTERVAL_MS, limitMs = POLL_LIMIT_MS }: PollingOptions<T>): Polling {
  const visible = usePageVisible();
  const [stoppedFor, setStoppedFor] = useState<{ key: string; reason: PollStop } | null>(null);
  const stopped = stoppedFor !== null && stoppedFor.key === workKey ? stoppedFor.reason : null;
  const [error, setError] = useState<UiError | null>(null);
  const [round, setRound] = useState(0);
  const started = useRef<{ key: string; round: number; at: number } | null>(null);
  const latest = useRef({ poll, onData });
  useEffect(() => {
    latest.current = { poll, onData };
  });

  useEffect(() => {
    if (!active || !visible || stopped !== null) return;
    if (started.current === null || started.current.key !== workKey || started.current.round !== round) {
      started.current = { key: workKey, round, at: Date.now() };
    }
    const startedAt = started.current.at;
    let cancelled = false;
    let timer: number | undefined;
    let failures = 0;
    const tick = async () => {
      const outcome = await latest.current.poll();
      if (cancelled) return;
      if (outcome.ok) {
        failures = 0;
        latest.current.onData(outcome.data);
      } else {
        failures += 1;
        setError(outcome.error);
      }
      const reason = pollStopReason(startedAt, Date.now(), failures, limitMs);
      if (reason !== null) {
        setStoppedFor({ key: workKey, reason });
        return;
      }
      // When the data says the work is done, `active` turns false and the cleanup below cancels this timer.
      timer = window.setTimeout(() => void tick(), nextPollDelay(intervalMs, failures));
    };
    timer = window.setTimeout(() => void tick(), intervalMs);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [active, visible, stopped, workKey, round, intervalMs, limitMs]);

  const resume = useCallback(() => {
    setStoppedFor(null);
    setError(null);
    setRound((n) => n + 1);
  }, []);

  return { stopped: active ? stopped : null, error: active ? error : null, resume };
}
