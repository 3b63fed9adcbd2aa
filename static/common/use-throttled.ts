import { useEffect, useRef, useState } from 'react';

/**
 * A value that follows `value` at most once every `ms`, for text in a live region (screen readers announce
 * every change, so a count that changes every two seconds would never stop talking). A change of `key` (such
 * as a new phase of the work) shows at once.
 */
export function useThrottled<T>(value: T, ms: number, key: string): T {
  const [shown, setShown] = useState<{ value: T; key: string }>({ value, key });
  const lastAt = useRef(0);
  useEffect(() => {
    if (Object.is(shown.value, value) && shown.key === key) return;
    const wait = shown.key !== key ? 0 : Math.max(0, lastAt.current + ms - Date.now());
    const timer = window.setTimeout(() => {
      lastAt.current = Date.now();
      setShown({ value, key });
    }, wait);
    return () => window.clearTimeout(timer);
  }, [value, key, ms, shown]);
  // A new key shows at once, without waiting for the timer to catch up.
  return shown.key === key ? shown.value : value;
}
