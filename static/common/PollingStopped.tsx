import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { describeError } from './errors';
import { prose, stack } from './styles';
import type { Polling } from './use-polling';

/**
 * Says that a page stopped checking progress (see {@link Polling}: after too long, or after repeated errors), why,
 * and offers to check again. Renders nothing while polling goes on.
 * @param slow what to say when it stopped because the work takes long; `failed` when checking kept failing (the
 *   error's own wording is added)
 */
export function PollingStopped({ polling, title, slow, failed }: { polling: Pick<Polling, 'stopped' | 'error' | 'resume'>; title: string; slow: string; failed: string }) {
  if (polling.stopped === null) return null;
  return (
    <SectionMessage appearance="warning" title={title} headingLevel="h3">
      <div style={stack('space.150')}>
        <p style={prose}>{polling.stopped === 'time' ? slow : `${failed} ${polling.error === null ? '' : describeError(polling.error)}`}</p>
        <div>
          <Button onClick={polling.resume}>Check progress</Button>
        </div>
      </div>
    </SectionMessage>
  );
}
