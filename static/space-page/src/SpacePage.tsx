import { useCallback, useState, type CSSProperties, type MouseEvent } from 'react';
import { flushSync } from 'react-dom';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { SPACE_PAGE, type GuidanceSection, type OpenContent, type Recommendation, type SecureUseView } from '../../../src/shared/api';
import { openContentSentence, typeLabel } from '../../common/access';
import { AccessDetails } from '../../common/AccessDetails';
import { AppShell } from '../../common/AppShell';
import { useTimeZone } from '../../common/context';
import { formatDate, formatDateTime } from '../../common/format';
import { flag, tryNavigate } from '../../common/host';
import { ConfluenceLink } from '../../common/links';
import { SPACE_SETTINGS_MODULE_KEY, SPACE_SETTINGS_PATH } from '../../common/modules';
import { card, plainList, prose, row, smallText, stack, subtleText } from '../../common/styles';
import { useInvoke } from '../../common/use-invoke';
import { Guidance, guidanceItemId, guidanceToggleId } from './Guidance';

/** The `confluence:spacePage` app: this space's exposure, what to do about it, and the full guidance. */
export function SpacePageApp() {
  const invoked = useInvoke<SecureUseView>(SPACE_PAGE.getSecureUse);
  return (
    <AppShell
      title="Secure use"
      loadingText="Checking who can see this space and what they can read. In a large space this can take up to half a minute."
      invoked={invoked}
    >
      {(view) => <SpacePage view={view} />}
    </AppShell>
  );
}

export function SpacePage({ view }: { view: SecureUseView }) {
  const timeZone = useTimeZone();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const toggle = useCallback((id: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const showAll = useCallback(
    (show: boolean) => setExpanded(show ? new Set(view.guidance.flatMap((s) => s.items.map((i) => i.id))) : new Set()),
    [view.guidance],
  );

  /** Opens a guidance item, scrolls to it and moves focus to its heading button. */
  const showItem = useCallback((id: string) => {
    // Render the opened item now, so it can be scrolled to and focused straight away.
    flushSync(() => setExpanded((current) => new Set(current).add(id)));
    document.getElementById(guidanceItemId(id))?.scrollIntoView({ block: 'start' });
    document.getElementById(guidanceToggleId(id))?.focus({ preventScroll: true });
  }, []);

  const { space, exposure } = view;
  return (
    <div style={stack('space.500')}>
      <div style={stack('space.100')}>
        <Heading as="h1" size="large">
          Keeping {space.name} secure
        </Heading>
        <p style={{ ...prose, ...subtleText }}>
          Who can see this space, what they can read, and what everyone who works here should do to keep information safe.
        </p>
      </div>

      <AccessSummary view={view} timeZone={timeZone} />

      {view.viewer.canAdministerSpace && <AdminCallToAction spaceKey={space.key} />}

      <Recommendations recommendations={view.recommendations} guidance={view.guidance} onShowItem={showItem} />

      <OpenExamples examples={exposure.examples} total={exposure.openPages + exposure.openBlogPosts} timeZone={timeZone} />

      <Guidance sections={view.guidance} expanded={expanded} onToggle={toggle} onShowAll={showAll} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------

function AccessSummary({ view, timeZone }: { view: SecureUseView; timeZone: string | undefined }) {
  const { access, exposure } = view;
  return (
    <section aria-labelledby="access-heading" style={{ ...card, ...stack('space.250') }}>
      <Heading as="h2" size="medium" id="access-heading">
        Who can see this space
      </Heading>
      <AccessDetails access={access} />
      <div style={stack('space.100')}>
        <Heading as="h3" size="small">
          What they can read
        </Heading>
        <p style={prose}>{openContentSentence(exposure.openPages, exposure.openBlogPosts, exposure.complete)}</p>
        <p style={{ ...prose, ...subtleText }}>
          A page is open when neither it nor any page above it has a view restriction. Everyone who can see the space can read it.
        </p>
        <p style={smallText}>Checked {formatDateTime(exposure.scannedAt, timeZone)}.</p>
      </div>
    </section>
  );
}

function AdminCallToAction({ spaceKey }: { spaceKey: string }) {
  const open = () => {
    void tryNavigate({ target: 'module', moduleKey: SPACE_SETTINGS_MODULE_KEY, spaceKey }).then((went) => {
      if (!went) flag({ appearance: 'info', title: 'The review could not be opened from here', description: `Go to ${SPACE_SETTINGS_PATH}.` });
    });
  };
  return (
    <SectionMessage appearance="discovery" title="You are an admin of this space" headingLevel="h2">
      <div style={stack('space.150')}>
        <p style={prose}>
          Review every page and blog post that everyone who can see this space can read, and who has access. You can also find the review in{' '}
          {SPACE_SETTINGS_PATH}.
        </p>
        <div>
          <Button appearance="primary" onClick={open}>
            Review this space
          </Button>
        </div>
      </div>
    </SectionMessage>
  );
}

function OpenExamples({ examples, total, timeZone }: { examples: OpenContent[]; total: number; timeZone: string | undefined }) {
  if (examples.length === 0) return null;
  return (
    <section aria-labelledby="examples-heading" style={stack('space.150')}>
      <div style={stack('space.050')}>
        <Heading as="h2" size="medium" id="examples-heading">
          Recently changed open pages
        </Heading>
        <p style={{ ...prose, ...subtleText }}>
          {examples.length < total
            ? `The ${examples.length} most recently changed of the pages and blog posts that everyone who can see this space can read.`
            : 'Pages and blog posts that everyone who can see this space can read, most recently changed first.'}
        </p>
      </div>
      <ul style={{ ...plainList, ...examplesStyle }}>
        {examples.map((item) => (
          <li key={item.id} style={exampleStyle}>
            <div style={row('space.100')}>
              <span style={exampleTitleStyle}>
                <ConfluenceLink href={item.url}>{item.title}</ConfluenceLink>
              </span>
              {item.type === 'blogpost' && <Lozenge appearance="neutral">{typeLabel(item.type)}</Lozenge>}
            </div>
            <div style={{ ...smallText, ...row('space.100') }}>
              <Breadcrumb ancestors={item.ancestors} type={item.type} />
              <span aria-hidden="true">·</span>
              <span>Last changed {formatDate(item.lastModified, timeZone)}</span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Where an item sits in the space: "In: Home › Finance" (a list for screen readers, so each step is read). */
function Breadcrumb({ ancestors, type }: { ancestors: OpenContent['ancestors']; type: OpenContent['type'] }) {
  if (ancestors.length === 0) return <span>{type === 'blogpost' ? 'In the space’s blog' : 'At the top of the space'}</span>;
  return (
    <span style={row('space.050')}>
      <span>In:</span>
      <ol aria-label="Location in the space" style={{ ...plainList, ...row('space.050') }}>
        {ancestors.map((a, index) => (
          <li key={a.id} style={row('space.050')}>
            {index > 0 && <span aria-hidden="true">›</span>}
            <span>{a.title}</span>
          </li>
        ))}
      </ol>
    </span>
  );
}

const SEVERITY: Record<Recommendation['severity'], { label: string; appearance: 'danger' | 'warning' | 'information' }> = {
  high: { label: 'High priority', appearance: 'danger' },
  medium: { label: 'Medium priority', appearance: 'warning' },
  low: { label: 'Low priority', appearance: 'information' },
};

function Recommendations({
  recommendations,
  guidance,
  onShowItem,
}: {
  recommendations: Recommendation[];
  guidance: GuidanceSection[];
  onShowItem: (id: string) => void;
}) {
  const advice = new Map(guidance.flatMap((s) => s.items.map((i) => [i.id, i.advice] as const)));
  return (
    <section aria-labelledby="recommendations-heading" style={stack('space.150')}>
      <Heading as="h2" size="medium" id="recommendations-heading">
        What to do
      </Heading>
      {recommendations.length === 0 ? (
        <p style={prose}>Nothing about who can see this space needs attention. Keep following the guidance below.</p>
      ) : (
        <ol style={{ ...plainList, ...stack('space.150') }}>
          {recommendations.map((rec) => {
            const severity = SEVERITY[rec.severity];
            const related = advice.get(rec.guidanceId);
            const follow = (event: MouseEvent<HTMLAnchorElement>) => {
              event.preventDefault();
              onShowItem(rec.guidanceId);
            };
            return (
              <li key={rec.id} style={{ ...card, ...stack('space.100') }}>
                <div>
                  <Lozenge appearance={severity.appearance} isBold={rec.severity === 'high'}>
                    {severity.label}
                  </Lozenge>
                </div>
                <Heading as="h3" size="small">
                  {rec.title}
                </Heading>
                <p style={prose}>{rec.detail}</p>
                {related !== undefined && (
                  <p style={prose}>
                    Guidance:{' '}
                    <a href={`#${guidanceItemId(rec.guidanceId)}`} onClick={follow}>
                      {related}
                    </a>
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

const examplesStyle: CSSProperties = {
  borderBlockStart: `${token('border.width', '1px')} solid ${token('color.border', '#0B120E24')}`,
};

const exampleStyle: CSSProperties = {
  ...stack('space.050'),
  paddingBlock: token('space.150', '12px'),
  borderBlockEnd: `${token('border.width', '1px')} solid ${token('color.border', '#0B120E24')}`,
};

const exampleTitleStyle: CSSProperties = { font: token('font.body.large') };
