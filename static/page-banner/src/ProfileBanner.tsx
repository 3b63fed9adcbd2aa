import { useState, type CSSProperties } from 'react';
import Button from '@atlaskit/button/new';
import StatusWarningIcon from '@atlaskit/icon/core/status-warning';
import { token } from '@atlaskit/tokens';
import { PAGE_BANNER, type ProfileFinding, type ProfileNudge, type SnoozePayload } from '../../../src/shared/api';
import { flag, navigate } from '../../common/host';
import { callResolver } from '../../common/resolver';
import { useInvoke } from '../../common/use-invoke';

/** Said when snooze or dismiss fails: the banner is already gone, so there is nothing to retry here. */
const NOT_SAVED = 'Something went wrong, so you may see the reminder again on the next page you open.';

/**
 * The profile reminder shown at the top of Confluence pages, addressed to the viewing person.
 *
 * It renders nothing at all unless the resolver says there is something to show: not while loading, not on a
 * failure. A banner that flickers or shows an error on every page view would be worse than no banner. After
 * "Remind me later" or "Dismiss" it disappears at once; a flag confirms the choice (or says it was not saved).
 */
export function ProfileBanner() {
  const { state } = useInvoke<ProfileNudge>(PAGE_BANNER.getProfileNudge);
  const [hidden, setHidden] = useState(false);

  if (hidden || state.status !== 'ready' || !state.data.show || state.data.findings.length === 0) return null;
  const { accountId, findings, snoozeDays } = state.data;

  const snooze = () => {
    setHidden(true);
    const payload: SnoozePayload = { days: snoozeDays };
    void callResolver<{ until: string; days: number }>(PAGE_BANNER.snooze, { ...payload }).then((outcome) => {
      if (outcome.ok) flag({ appearance: 'success', title: `We will remind you again in ${outcome.data.days} ${outcome.data.days === 1 ? 'day' : 'days'}` });
      else flag({ appearance: 'warning', title: 'Your choice was not saved', description: NOT_SAVED });
    });
  };

  const dismiss = () => {
    setHidden(true);
    void callResolver<{ dismissed: true }>(PAGE_BANNER.dismiss).then((outcome) => {
      if (outcome.ok) {
        flag({
          appearance: 'success',
          title: 'Reminder dismissed',
          description: 'You will see it again only if something else about your profile needs changing.',
        });
      } else {
        flag({ appearance: 'warning', title: 'Your choice was not saved', description: NOT_SAVED });
      }
    });
  };

  return (
    // The banner is the whole document of its frame, so it is that document's main landmark with its level-one
    // heading (axe: landmark-one-main, page-has-heading-one); landmarks do not cross into the host page.
    <main aria-labelledby="sc-banner-title" style={styles.banner}>
      <span style={styles.icon}>
        <StatusWarningIcon label="" color={token('color.icon.warning', '#E06C00')} />
      </span>
      <div style={styles.body}>
        <h1 id="sc-banner-title" style={styles.title}>
          Your Confluence profile does not follow your organisation’s conventions
        </h1>
        <Findings findings={findings} />
        <div style={styles.actions}>
          <Button appearance="primary" onClick={() => navigate({ target: 'userProfile', accountId })}>
            Update my profile
          </Button>
          <Button onClick={snooze}>Remind me later</Button>
          <Button appearance="subtle" onClick={dismiss}>
            Dismiss
          </Button>
        </div>
      </div>
    </main>
  );
}

function Finding({ finding }: { finding: ProfileFinding }) {
  return (
    <>
      <strong>{finding.problem}</strong> <span style={styles.why}>{finding.why}</span>
      {finding.current !== undefined && (
        <span style={styles.suggestion}>
          Now: <code>{finding.current}</code>
        </span>
      )}
      {finding.suggestion !== undefined && (
        <span style={styles.suggestion}>
          Try: <code>{finding.suggestion}</code>
        </span>
      )}
      {finding.note !== undefined && <span style={styles.suggestion}>{finding.note}</span>}
    </>
  );
}

function Findings({ findings }: { findings: ProfileFinding[] }) {
  const only = findings.length === 1 ? findings[0] : undefined;
  if (only !== undefined) {
    return (
      <p style={styles.text}>
        <Finding finding={only} />
      </p>
    );
  }
  return (
    <ul style={{ ...styles.text, ...styles.list }}>
      {findings.map((f) => (
        <li key={f.rule} style={styles.item}>
          <Finding finding={f} />
        </li>
      ))}
    </ul>
  );
}

const styles = {
  banner: {
    display: 'flex',
    gap: token('space.150', '12px'),
    alignItems: 'flex-start',
    padding: token('space.200', '16px'),
    backgroundColor: token('color.background.warning', '#FFF5DB'),
    color: token('color.text', '#292A2E'),
    borderRadius: token('radius.medium', '6px'),
  },
  icon: { display: 'flex', flexShrink: 0, paddingBlockStart: token('space.025', '2px') },
  body: { display: 'flex', flexDirection: 'column', gap: token('space.100', '8px'), minWidth: 0 },
  title: { margin: 0, font: token('font.heading.xsmall'), color: token('color.text', '#292A2E') },
  text: { margin: 0 },
  list: { paddingInlineStart: token('space.250', '20px') },
  item: { marginBlockEnd: token('space.050', '4px') },
  why: { color: token('color.text.subtle', '#505258') },
  suggestion: { display: 'block', marginBlockStart: token('space.050', '4px') },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: token('space.100', '8px'),
    marginBlockStart: token('space.050', '4px'),
  },
} satisfies Record<string, CSSProperties>;
