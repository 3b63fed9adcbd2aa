import type { CSSProperties } from 'react';
import { token } from '@atlaskit/tokens';

/**
 * Shared inline styles for the full-page apps, all from design tokens so light and dark themes both work.
 * (Atlaskit's own components bring their styles; these cover our layout and text.)
 */

export const stack = (gap: Parameters<typeof token>[0] = 'space.200'): CSSProperties => ({
  display: 'flex',
  flexDirection: 'column',
  gap: token(gap),
});

export const row = (gap: Parameters<typeof token>[0] = 'space.100'): CSSProperties => ({
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'center',
  gap: token(gap),
});

/** A bordered panel on the page surface. */
export const card: CSSProperties = {
  border: `${token('border.width', '1px')} solid ${token('color.border', '#0B120E24')}`,
  borderRadius: token('radius.large', '8px'),
  padding: token('space.300', '24px'),
  backgroundColor: token('elevation.surface', '#FFFFFF'),
};

export const subtleText: CSSProperties = { color: token('color.text.subtle', '#505258') };

export const smallText: CSSProperties = { font: token('font.body.small'), color: token('color.text.subtle', '#505258') };

/** Body copy kept to a readable line length. */
export const prose: CSSProperties = { maxWidth: '75ch' };

/** A list with no bullets or indent. */
export const plainList: CSSProperties = { listStyle: 'none', margin: 0, padding: 0 };

/** A plain data table: full width, collapsed borders, rows divided by a hairline. */
export const tableStyle: CSSProperties = { width: '100%', borderCollapse: 'collapse' };

/** A header cell: left-aligned (start-aligned), bold, with a heavier rule below. */
export const thStyle: CSSProperties = {
  textAlign: 'start',
  verticalAlign: 'bottom',
  padding: `${token('space.100', '8px')} ${token('space.100', '8px')}`,
  font: token('font.heading.xxsmall'),
  color: token('color.text.subtle', '#505258'),
  borderBlockEnd: `${token('border.width.selected', '2px')} solid ${token('color.border', '#0B120E24')}`,
};

/** A body cell. */
export const tdStyle: CSSProperties = {
  textAlign: 'start',
  verticalAlign: 'top',
  padding: `${token('space.100', '8px')} ${token('space.100', '8px')}`,
  borderBlockEnd: `${token('border.width', '1px')} solid ${token('color.border', '#0B120E24')}`,
};

/** A numeric cell: figures line up. */
export const numericCell: CSSProperties = { textAlign: 'end', fontVariantNumeric: 'tabular-nums' };

/**
 * A wide table's scrolling frame: at 400 px the table scrolls sideways inside it, not the page. It is focusable
 * (and named by the caller) so keyboard users can scroll it too.
 */
export const scrollFrame: CSSProperties = { overflowX: 'auto' };

/** Bold label text for a form control. */
export const labelText: CSSProperties = { font: token('font.heading.xsmall'), color: token('color.text', '#292A2E') };

/** A native `<select>` or `<input>` drawn with the design tokens, so it matches Atlaskit fields in both themes. */
export const nativeField: CSSProperties = {
  minHeight: '2.5rem',
  padding: `${token('space.075', '6px')} ${token('space.100', '8px')}`,
  font: token('font.body'),
  color: token('color.text', '#292A2E'),
  backgroundColor: token('color.background.input', '#FFFFFF'),
  border: `${token('border.width', '1px')} solid ${token('color.border.input', '#8C8F97')}`,
  borderRadius: token('radius.small', '4px'),
};
