import type { CSSProperties } from 'react';
import { token } from '@atlaskit/tokens';
import type { SpaceAccess } from '../../src/shared/api';
import { accessFacts, accessHeadline, type Tone } from './access';
import { prose, subtleText } from './styles';

const TONE_COLOURS: Record<Tone, { background: string; border: string }> = {
  danger: { background: token('color.background.danger', '#FFECEB'), border: token('color.border.danger', '#E2483D') },
  warning: { background: token('color.background.warning', '#FFF5DB'), border: token('color.border.warning', '#E06C00') },
  neutral: { background: token('color.background.neutral', '#0515240F'), border: token('color.border', '#0B120E24') },
};

/**
 * Who can see a space: a one-sentence headline coloured by how open it is (the words carry the meaning; the
 * colour only reinforces it), then the details as a description list.
 */
export function AccessDetails({ access }: { access: SpaceAccess }) {
  const headline = accessHeadline(access);
  const colours = TONE_COLOURS[headline.tone];
  return (
    <>
      <p style={{ ...headlineStyle, backgroundColor: colours.background, borderInlineStartColor: colours.border }}>{headline.text}</p>
      <dl style={factsStyle}>
        {accessFacts(access).map((fact) => (
          <div key={fact.term} style={factRowStyle}>
            <dt style={factTermStyle}>{fact.term}</dt>
            <dd style={factValueStyle}>{fact.value}</dd>
          </div>
        ))}
      </dl>
      {access.partial && (
        <p style={{ ...prose, ...subtleText }}>The app could read only part of this space’s permissions, so more people may have access than shown here.</p>
      )}
    </>
  );
}

const headlineStyle: CSSProperties = {
  margin: 0,
  padding: `${token('space.150', '12px')} ${token('space.200', '16px')}`,
  borderInlineStart: `${token('border.width.selected', '2px')} solid`,
  borderRadius: token('radius.small', '4px'),
  font: token('font.heading.xsmall'),
  color: token('color.text', '#292A2E'),
};

const factsStyle: CSSProperties = { margin: 0, display: 'grid', gap: token('space.100', '8px') };

const factRowStyle: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  columnGap: token('space.200', '16px'),
  rowGap: token('space.025', '2px'),
  paddingBlockEnd: token('space.100', '8px'),
  borderBlockEnd: `${token('border.width', '1px')} solid ${token('color.border', '#0B120E24')}`,
};

const factTermStyle: CSSProperties = { flex: '1 1 18rem', fontWeight: token('font.weight.semibold', '600') };

const factValueStyle: CSSProperties = { flex: '1 1 18rem', margin: 0 };
