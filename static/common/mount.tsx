import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { enableTheme } from './theme';

/**
 * Starts an app: turns on theming and renders `app` into `#root`.
 * Each app's `index.html` has exactly one `<div id="root">`.
 */
export function mount(app: ReactNode): void {
  enableTheme();
  const element = document.getElementById('root');
  if (element === null) throw new Error('static app: #root is missing from index.html');
  createRoot(element).render(<StrictMode>{app}</StrictMode>);
}
