import type { CSSProperties } from 'react';
import ChevronDownIcon from '@atlaskit/icon/core/chevron-down';
import ChevronRightIcon from '@atlaskit/icon/core/chevron-right';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import type { GuidanceItem, GuidanceSection } from '../../../src/shared/api';
import { formatDate } from '../../common/format';
import { ExternalLink } from '../../common/links';
import { prose, row, smallText, stack } from '../../common/styles';

/** The element id of a guidance item, so recommendations can link to it. */
export const guidanceItemId = (id: string): string => `guidance-${id}`;

/** The id of the button that opens and closes an item (focused after a recommendation link is followed). */
export const guidanceToggleId = (id: string): string => `guidance-${id}-toggle`;

export interface GuidanceProps {
  sections: GuidanceSection[];
  /** Ids of the items whose details are shown. */
  expanded: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onShowAll: (show: boolean) => void;
}

/**
 * The full secure-use guidance, as an accordion in the GOV.UK style: each item's advice is a heading with a
 * button; opening it shows why, the steps and the sources. "Show all" opens everything (for reading or printing).
 */
export function Guidance({ sections, expanded, onToggle, onShowAll }: GuidanceProps) {
  const allIds = sections.flatMap((s) => s.items.map((i) => i.id));
  const allOpen = allIds.length > 0 && allIds.every((id) => expanded.has(id));
  return (
    <section aria-labelledby="guidance-heading" style={stack('space.300')}>
      <div style={stack('space.100')}>
        <Heading as="h2" size="large" id="guidance-heading">
          How to use Confluence securely
        </Heading>
        <p style={prose}>
          This guidance applies to everyone who uses Confluence in your organisation. Open an item to see why it matters, what to do and where the advice comes
          from.
        </p>
      </div>
      <div>
        <button type="button" style={showAllStyle} aria-expanded={allOpen} onClick={() => onShowAll(!allOpen)}>
          {allOpen ? 'Hide all guidance' : 'Show all guidance'}
        </button>
      </div>
      {sections.map((section) => (
        <section key={section.id} aria-labelledby={`guidance-section-${section.id}`} style={stack('space.150')}>
          <div style={stack('space.050')}>
            <Heading as="h3" size="medium" id={`guidance-section-${section.id}`}>
              {section.title}
            </Heading>
            <p style={prose}>{section.summary}</p>
          </div>
          <div style={itemsStyle}>
            {section.items.map((item) => (
              <Item key={item.id} item={item} open={expanded.has(item.id)} onToggle={() => onToggle(item.id)} />
            ))}
          </div>
        </section>
      ))}
      <p style={smallText}>{checkedNote(sections)}</p>
    </section>
  );
}

function Item({ item, open, onToggle }: { item: GuidanceItem; open: boolean; onToggle: () => void }) {
  const bodyId = `${guidanceItemId(item.id)}-body`;
  return (
    <div id={guidanceItemId(item.id)} style={itemStyle}>
      <h4 style={itemHeadingStyle}>
        <button type="button" id={guidanceToggleId(item.id)} aria-expanded={open} aria-controls={bodyId} onClick={onToggle} style={toggleStyle}>
          <span style={chevronStyle}>{open ? <ChevronDownIcon label="" /> : <ChevronRightIcon label="" />}</span>
          <span>{item.advice}</span>
        </button>
      </h4>
      <div id={bodyId} hidden={!open} style={open ? bodyStyle : undefined}>
        <p style={prose}>{item.why}</p>
        {item.steps !== undefined && item.steps.length > 0 && (
          <div style={stack('space.050')}>
            <h5 style={minorHeadingStyle}>How to do it</h5>
            <ol style={{ ...prose, ...listStyle }}>
              {item.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </div>
        )}
        {item.sources.length > 0 && (
          <div style={stack('space.050')}>
            <h5 style={minorHeadingStyle}>{item.sources.length === 1 ? 'Source' : 'Sources'}</h5>
            <ul style={{ ...listStyle, ...stack('space.050') }}>
              {item.sources.map((source) => (
                <li key={source.url}>
                  <ExternalLink href={source.url}>{source.title}</ExternalLink>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}

/** "We last checked these sources on 29 November 2026." (or "between … and …" when the dates differ). */
export function checkedNote(sections: readonly GuidanceSection[]): string {
  const dates = [...new Set(sections.flatMap((s) => s.items.flatMap((i) => i.sources.map((src) => src.checked))))]
    .filter((d) => !Number.isNaN(new Date(d).getTime()))
    .sort();
  const first = dates[0];
  const last = dates[dates.length - 1];
  if (first === undefined || last === undefined) return 'The sources of this guidance are listed with each item.';
  // Checked dates are calendar days: format them in UTC so no time zone moves them.
  if (first === last) return `We last checked these sources on ${formatDate(first, 'UTC')}.`;
  return `We checked these sources between ${formatDate(first, 'UTC')} and ${formatDate(last, 'UTC')}.`;
}

const itemsStyle: CSSProperties = {
  borderBlockStart: `${token('border.width', '1px')} solid ${token('color.border', '#0B120E24')}`,
};

const itemStyle: CSSProperties = {
  borderBlockEnd: `${token('border.width', '1px')} solid ${token('color.border', '#0B120E24')}`,
  scrollMarginBlockStart: token('space.200', '16px'),
};

const itemHeadingStyle: CSSProperties = { margin: 0, font: token('font.heading.xsmall') };

const toggleStyle: CSSProperties = {
  display: 'flex',
  alignItems: 'flex-start',
  gap: token('space.100', '8px'),
  width: '100%',
  padding: `${token('space.150', '12px')} ${token('space.050', '4px')}`,
  border: 'none',
  background: 'none',
  color: token('color.text', '#292A2E'),
  font: 'inherit',
  textAlign: 'start',
  cursor: 'pointer',
};

const chevronStyle: CSSProperties = { display: 'flex', flexShrink: 0, color: token('color.icon', '#292A2E') };

const bodyStyle: CSSProperties = {
  ...stack('space.150'),
  padding: `0 ${token('space.050', '4px')} ${token('space.200', '16px')} ${token('space.400', '32px')}`,
};

const minorHeadingStyle: CSSProperties = { margin: 0, font: token('font.heading.xxsmall') };

const listStyle: CSSProperties = { margin: 0, paddingInlineStart: token('space.300', '24px') };

const showAllStyle: CSSProperties = {
  ...row('space.050'),
  padding: 0,
  border: 'none',
  background: 'none',
  color: token('color.link', '#1868DB'),
  font: token('font.body'),
  textDecoration: 'underline',
  cursor: 'pointer',
};
