import type { ContentNode, SiteState } from '../../tools/emulator';

/**
 * The brute-force answer, straight from the emulator's model: which current pages and blog posts of a space can
 * every licensed member read? A node is readable by all iff every read restriction on it and its ancestors is
 * empty (`open`) or names the licensed-users group (`broad-group`). Computed by walking parent links, with none of
 * the app's code.
 */
export function oracle(state: SiteState, spaceId: string): { open: Set<string>; broad: Set<string>; restricted: Set<string> } {
  const licensed = state.licensedGroup.id;
  const open = new Set<string>();
  const broad = new Set<string>();
  const restricted = new Set<string>();
  for (const node of state.content.values()) {
    if (node.space.id !== spaceId || node.status !== 'current' || (node.type !== 'page' && node.type !== 'blogpost')) continue;
    let anyRestriction = false;
    let allBroad = true;
    for (let n: ContentNode | null = node; n !== null; n = n.parent) {
      if (n.read.users.length === 0 && n.read.groups.length === 0) continue;
      anyRestriction = true;
      if (!n.read.groups.includes(licensed)) allBroad = false;
    }
    if (!anyRestriction) open.add(node.id);
    else if (allBroad) broad.add(node.id);
    else restricted.add(node.id);
  }
  return { open, broad, restricted };
}
