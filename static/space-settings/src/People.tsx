import { useEffect, useId, useState, type CSSProperties, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { SPACE_SETTINGS, type PeopleView, type PersonFinding } from '../../../src/shared/api';
import { ErrorMessage, Loading } from '../../common/AppShell';
import type { UiError } from '../../common/errors';
import { ExportButtons } from '../../common/ExportButtons';
import { formatDate, formatDateTime, formatNumber } from '../../common/format';
import { callResolver } from '../../common/resolver';
import { prose, scrollFrame, smallText, stack, subtleText, tableStyle, tdStyle, thStyle } from '../../common/styles';
import { isBehind, jobTitleUnknownText, mentionText, notCheckedTexts, otherDisplayName, ruleTexts, SHORT_LIST, suggestionCell, summaryText } from './people';

/** How long to wait before asking again while the contributors of a just-finished review are being checked. */
const RECHECK_MS = 3_000;
/** How many times to ask again before showing the list from the earlier review as it is. */
const MAX_RECHECKS = 10;

interface Loaded {
  key: string;
  view: PeopleView | null;
  error: UiError | null;
}

/**
 * The contributors to the space whose own profiles break the conventions, from `getPeople` (the last completed
 * review), with downloads from `exportPeople`. Asks again whenever a review finishes (`finishedAt` changes), and
 * for a short while after, until the contributors of that review have been checked.
 *
 * @param finishedAt when the last completed review finished, or null if there is none yet
 */
export function People({ finishedAt, timeZone }: { finishedAt: string | null; timeZone: string | undefined }) {
  const [reload, setReload] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [rechecks, setRechecks] = useState<{ finishedAt: string | null; count: number }>({ finishedAt, count: 0 });
  const ids = { caption: useId(), download: useId() };

  const key = `${finishedAt ?? 'none'}#${reload}`;
  useEffect(() => {
    let current = true;
    void callResolver<PeopleView>(SPACE_SETTINGS.getPeople).then((outcome) => {
      if (!current) return;
      // Keep what was shown when a refresh fails: the error is said above it.
      setLoaded((previous) => (outcome.ok ? { key, view: outcome.data, error: null } : { key, view: previous?.view ?? null, error: outcome.error }));
    });
    return () => {
      current = false;
    };
  }, [key]);

  const loading = loaded?.key !== key;
  const view = loaded?.view ?? null;
  const behind = view !== null && loaded?.error === null && isBehind(view.scannedAt, finishedAt);
  // Asked again this many times since the last review finished.
  const asked = rechecks.finishedAt === finishedAt ? rechecks.count : 0;
  const waiting = behind && asked < MAX_RECHECKS;

  // The contributors are checked just after a review is published: ask again until this review's list is in.
  useEffect(() => {
    if (!waiting || loading) return;
    const timer = window.setTimeout(() => {
      setRechecks((r) => ({ finishedAt, count: (r.finishedAt === finishedAt ? r.count : 0) + 1 }));
      setReload((n) => n + 1);
    }, RECHECK_MS);
    return () => window.clearTimeout(timer);
  }, [waiting, loading, finishedAt]);

  const retry = () => setReload((n) => n + 1);

  let body: ReactNode;
  if (view === null) {
    body = loaded?.error ? (
      <ErrorMessage error={loaded.error} onRetry={retry} headingLevel="h3" />
    ) : (
      <Loading text="Loading the contributors whose profiles need attention." />
    );
  } else if (view.scannedAt === null) {
    body = waiting ? (
      <Loading text="Checking the profiles of the people who contributed to this space." />
    ) : (
      <p style={prose}>The list appears here when the first review of this space finishes.</p>
    );
  } else {
    const unknown = jobTitleUnknownText(view.jobTitleUnknown);
    body = (
      <>
        <div style={stack('space.100')}>
          <p role="status" style={prose}>
            {summaryText(view)}
          </p>
          {unknown !== null && <p style={{ ...prose, ...subtleText }}>{unknown}</p>}
          {notCheckedTexts(view).map((text) => (
            <p key={text} style={{ ...prose, ...subtleText }}>
              {text}
            </p>
          ))}
        </div>
        {loaded?.error && !loading && <ErrorMessage error={loaded.error} onRetry={retry} title="The list could not be updated" headingLevel="h3" />}
        {view.people.length === 0 ? (
          <EmptyState
            header="Every contributor checked follows the conventions"
            headingLevel={3}
            description="No one who created or changed a page or blog post in this space needs to update their profile."
          />
        ) : (
          <PeopleTable people={view.people} captionId={ids.caption} timeZone={timeZone} mentionNameChecked={view.mentionNameChecked !== false} />
        )}
      </>
    );
  }

  return (
    <section aria-labelledby="people-heading" style={stack('space.200')}>
      <div style={stack('space.100')}>
        <Heading as="h2" size="medium" id="people-heading">
          Contributors whose profiles need attention
        </Heading>
        <p style={{ ...prose, ...subtleText }}>
          People who created or last changed a page or blog post in this space, whose own profile does not follow your organisation’s conventions. Ask them to
          update it, so readers can tell who they are and where they work.
        </p>
        {view?.scannedAt != null && (
          <p style={smallText}>
            {waiting
              ? 'Checking the contributors of the latest review. Until then, this is the list from the review that finished '
              : 'From the review that finished '}
            {formatDateTime(view.scannedAt, timeZone)}.
          </p>
        )}
      </div>

      {body}

      {view !== null && view.scannedAt !== null && (
        <div role="group" aria-labelledby={ids.download} style={stack('space.100')}>
          <Heading as="h3" size="small" id={ids.download}>
            Download the list of contributors
          </Heading>
          <p style={{ ...prose, ...subtleText }}>The file lists every contributor whose profile needs attention; the JSON file also has the numbers checked.</p>
          <ExportButtons functionKey={SPACE_SETTINGS.exportPeople} formats={['csv', 'json']} what="contributors whose profiles need attention" />
        </div>
      )}
    </section>
  );
}

/** The people as a table, the first {@link SHORT_LIST} until "Show all". */
function PeopleTable({
  people,
  captionId,
  timeZone,
  mentionNameChecked,
}: {
  people: readonly PersonFinding[];
  captionId: string;
  timeZone: string | undefined;
  mentionNameChecked: boolean;
}) {
  const [showAll, setShowAll] = useState(false);
  const rows = showAll ? people : people.slice(0, SHORT_LIST);
  return (
    <div style={stack('space.100')}>
      <div role="region" aria-labelledby={captionId} tabIndex={0} style={scrollFrame}>
        <table style={{ ...tableStyle, minWidth: '48rem' }}>
          <caption id={captionId} className="sc-visually-hidden">
            Contributors whose profiles need attention, most recently seen first
          </caption>
          <thead>
            <tr>
              <th scope="col" style={{ ...thStyle, width: '24%' }}>
                @mention name
              </th>
              <th scope="col" style={{ ...thStyle, width: '38%' }}>
                What needs changing
              </th>
              <th scope="col" style={{ ...thStyle, width: '20%' }}>
                Suggested @mention name
              </th>
              <th scope="col" style={{ ...thStyle, width: '18%' }}>
                Last seen contributing
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((person) => (
              <PersonRow key={person.accountId} person={person} timeZone={timeZone} mentionNameChecked={mentionNameChecked} />
            ))}
          </tbody>
        </table>
      </div>
      {people.length > SHORT_LIST && (
        <div>
          <Button appearance="subtle" onClick={() => setShowAll((s) => !s)} aria-expanded={showAll}>
            {showAll ? `Show the first ${formatNumber(SHORT_LIST)}` : `Show all ${formatNumber(people.length)}`}
          </Button>
        </div>
      )}
    </div>
  );
}

function PersonRow({ person, timeZone, mentionNameChecked }: { person: PersonFinding; timeZone: string | undefined; mentionNameChecked: boolean }) {
  const mention = mentionText(person.publicName);
  const display = otherDisplayName(person);
  const suggestion = suggestionCell(person, mentionNameChecked);
  const changes = ruleTexts(person.rules);
  return (
    <tr>
      <th scope="row" style={{ ...tdStyle, fontWeight: 'inherit' }}>
        <div style={stack('space.050')}>
          {mention === null ? <span style={subtleText}>No @mention name</span> : <span style={nameStyle}>{mention}</span>}
          {display !== null && <span style={smallText}>{display}</span>}
          {person.guest && (
            <span>
              <Lozenge appearance="default">Guest</Lozenge>
            </span>
          )}
        </div>
      </th>
      <td style={tdStyle}>
        {changes.length === 1 ? (
          changes[0]
        ) : (
          <ul style={listStyle}>
            {changes.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        )}
      </td>
      <td style={tdStyle}>{suggestion.suggested ? <span style={nameStyle}>{suggestion.text}</span> : <span style={subtleText}>{suggestion.text}</span>}</td>
      <td style={tdStyle}>{person.lastSeen === null ? <span style={subtleText}>Unknown</span> : formatDate(person.lastSeen, timeZone)}</td>
    </tr>
  );
}

const nameStyle: CSSProperties = { overflowWrap: 'anywhere', fontWeight: token('font.weight.semibold', '600') };
const listStyle: CSSProperties = { margin: 0, paddingInlineStart: token('space.250', '20px') };
