import { useState } from 'react';
import Button from '@atlaskit/button/new';
import type { ExportPart, ExportPayload } from '../../src/shared/api';
import { saveFile } from './download';
import { describeError } from './errors';
import { assembleExport } from './export';
import { flag } from './host';
import { callResolver } from './resolver';
import { row, smallText, stack } from './styles';

type Format = ExportPayload['format'];

const LABELS: Record<Format, string> = { csv: 'Download CSV', json: 'Download JSON' };

/**
 * "Download CSV" / "Download JSON" for an export resolver function (`exportFindings`, `exportSiteReview`): asks for
 * every part, joins them and saves the file. Failures become a flag, never a crash. A status line under the
 * buttons says what happened, for screen reader users (a download is otherwise silent).
 */
export function ExportButtons({ functionKey, formats, what }: { functionKey: string; formats: readonly Format[]; what: string }) {
  const [busy, setBusy] = useState<Format | null>(null);
  const [status, setStatus] = useState('');

  const run = async (format: Format) => {
    if (busy !== null) return;
    setBusy(format);
    setStatus(`Preparing the ${format.toUpperCase()} file of ${what}.`);
    const outcome = await assembleExport(
      (part) => {
        const payload: ExportPayload = { format, part };
        return callResolver<ExportPart>(functionKey, { ...payload });
      },
      (done, parts) => {
        if (parts > 1) setStatus(`Preparing the ${format.toUpperCase()} file of ${what}: part ${done} of ${parts} done.`);
      },
    );
    setBusy(null);
    if (!outcome.ok) {
      setStatus('');
      flag({ appearance: 'error', title: 'The file could not be downloaded', description: describeError(outcome.error) });
      return;
    }
    const saved = saveFile(outcome.data);
    if (saved === 'downloaded') {
      setStatus(`Downloaded ${outcome.data.filename}.`);
    } else if (saved === 'opened') {
      setStatus(`Opened ${outcome.data.filename} in a new tab.`);
      flag({
        appearance: 'info',
        title: 'The file opened in a new tab',
        description: 'Your browser did not let the app download it. Save it from the new tab.',
      });
    } else {
      setStatus('');
      flag({
        appearance: 'error',
        title: 'The file could not be downloaded',
        description: 'Your browser did not let the app save the file. Try again, or try a different browser.',
      });
    }
  };

  return (
    <div style={stack('space.050')}>
      <div style={row('space.100')}>
        {formats.map((format) => (
          <Button key={format} onClick={() => void run(format)} isLoading={busy === format} isDisabled={busy !== null && busy !== format}>
            {LABELS[format]}
          </Button>
        ))}
      </div>
      <p role="status" style={smallText}>
        {status}
      </p>
    </div>
  );
}
