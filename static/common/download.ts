import type { ExportFile } from './export';

/** How a file reached the person: saved by the browser, opened as text in a new tab, or neither. */
export type SaveOutcome = 'downloaded' | 'opened' | 'failed';

/**
 * Saves text as a file from inside the Forge iframe: a Blob, an object URL and a click on an `<a download>`
 * (Forge's sandbox allows downloads). If that throws (an older or locked-down browser), it opens the text in a
 * new tab instead, so the person can save it from there. Never throws.
 */
export function saveFile(file: ExportFile): SaveOutcome {
  let url: string;
  try {
    url = URL.createObjectURL(new Blob([file.content], { type: `${file.mimeType};charset=utf-8` }));
  } catch {
    return 'failed';
  }
  // Revoke later, not straight away: some browsers read the URL after the click returns.
  const release = () => window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = file.filename;
    link.rel = 'noopener';
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
    release();
    return 'downloaded';
  } catch {
    // Fall through to opening the text.
  }
  try {
    // No `noopener`: with it the answer is always null, and a blocked pop-up could not be told from an open one.
    // The new tab shows only this text, so it gains nothing from the opener.
    const opened = window.open(url, '_blank');
    release();
    return opened === null ? 'failed' : 'opened';
  } catch {
    URL.revokeObjectURL(url);
    return 'failed';
  }
}
