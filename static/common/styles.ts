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
