import type { ContentNode, SpaceRec } from '../emulator/model';
import type { FrameRecord } from './frames';
import { html, raw, type Html } from './html';
import type { PreviewModule } from './manifest';
import { hostHref, PAGE_VIEW, PROFILE_VIEW, viewOfModule } from './routes';
import type { Person, ProfileCard, TreeEntry } from './site';

/**
 * The host page: a small server-rendered imitation of Confluence around the app's frames — a blue top bar with the
 * person and space switchers, a left sidebar, and the main area with one module frame (on a page view, the page banner's frame above a mock
 * page body). Interactive parts (switchers, bridge, flags, theme) are in
 * `client/host.js`; without JavaScript the switchers still work as a plain GET form. Choosing in a switcher's list
 * changes nothing until the person presses "Switch" (WCAG 3.2.2 On Input).
 */

/** Sandbox flags of a Forge Custom UI iframe (same-origin here only because the preview serves everything itself). */
export const FRAME_SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads allow-modals';

/** One module frame to show. */
export interface FrameView {
  record: FrameRecord;
  /** The iframe's accessible title. */
  title: string;
  /** Initial height in CSS px before the app reports its own (0 for the banner, so nothing flashes). */
  initialHeight: number;
}

/** Everything the main area shows, by view. */
export type MainView =
  | { kind: 'module'; module: PreviewModule; frame: FrameView | null; note: string | null; refusal: string | null }
  | { kind: 'page'; node: ContentNode; ancestors: ContentNode[]; author: string; banner: FrameView | null; bannerNote: string | null }
  | { kind: 'profile'; card: ProfileCard; self: boolean }
  | { kind: 'empty'; title: string; message: string };

/** What the host page shows. */
export interface HostModel {
  siteName: string;
  /** The site file the emulator serves, or null for the built-in demo site. */
  siteFile: string | null;
  emulatorUrl: string;
  colorMode: 'light' | 'dark';
  people: Person[];
  viewer: Person;
  spaces: SpaceRec[];
  space: SpaceRec | null;
  tree: TreeEntry[];
  modules: readonly PreviewModule[];
  /** The current view name (a module key, `page` or `profile`). */
  view: string;
  /** The page shown in a page view (highlighted in the tree). */
  pageId: string | null;
  notices: string[];
  main: MainView;
}

const PERSONA_TITLE: Record<NonNullable<Person['persona']>, string> = {
  'site-admin': 'Site admin',
  'space-admin': 'Space admin',
  'non-conforming': 'Member, non-conforming profile',
  guest: 'Guest',
};

/** Renders the whole host page. */
export function renderHostPage(m: HostModel): string {
  const title = `${mainTitle(m)} – ${m.space ? `${m.space.name} – ` : ''}Confluence (local preview)`;
  const doc = html`<html lang="en-GB" data-color-mode="${m.colorMode}">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title}</title>
      <link rel="stylesheet" href="/__preview/host.css" />
      <script src="/__preview/host.js"></script>
    </head>
    <body>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="topbar">
        <div class="topbar-row">
          <a class="brand" href="${hostHref({ user: m.viewer.accountId, space: m.space?.key ?? null })}">${raw(LOGO)}<span>Confluence</span></a>
          ${switchers(m)} ${themeToggle(m.colorMode)}
        </div>
        ${previewBanner(m)}
      </header>
      <div class="layout">
        ${sidebar(m)}
        <main id="main" tabindex="-1">${m.notices.map((n) => html`<p class="notice" role="note">${n}</p>`)} ${mainArea(m)}</main>
      </div>
      <section class="flags" aria-label="Notifications"><div id="flags" role="status" aria-live="polite"></div></section>
    </body>
  </html>`;
  return `<!doctype html>\n${doc.value}\n`;
}

/**
 * The theme switch: a toggle button whose name stays "Dark theme" while `aria-pressed` says whether it is on (as
 * ARIA's toggle button pattern asks); the track and thumb show the state to sighted users, in both themes.
 */
function themeToggle(colorMode: 'light' | 'dark'): Html {
  return html`<button type="button" class="theme-toggle" id="theme-toggle" aria-pressed="${colorMode === 'dark' ? 'true' : 'false'}">
    <span class="switch" aria-hidden="true"><span class="switch-thumb"></span></span><span class="theme-toggle-label">Dark theme</span>
  </button>`;
}

/** Says what this page is: a local preview, of the demo site or of a site file, never a Confluence site. */
function previewBanner(m: HostModel): Html {
  const emulator = html`emulator at <code>${m.emulatorUrl}</code>`;
  return m.siteFile === null
    ? html`<p class="preview-banner" id="preview-banner">
        <strong>Local preview</strong> — demo site <strong>${m.siteName}</strong>, ${emulator}. Demo data only: this is not a Confluence site.
      </p>`
    : html`<p class="preview-banner" id="preview-banner">
        <strong>Local preview</strong> — site <strong>${m.siteName}</strong> from <code>${m.siteFile}</code>, ${emulator}. This is not a Confluence site.
      </p>`;
}

function mainTitle(m: HostModel): string {
  const main = m.main;
  switch (main.kind) {
    case 'module':
      return moduleLabel(main.module);
    case 'page':
      return main.node.title;
    case 'profile':
      return main.card.displayName;
    case 'empty':
      return main.title;
  }
}

function moduleLabel(module: PreviewModule): string {
  return module.title ?? module.key;
}

function switchers(m: HostModel): Html {
  const personas = m.people.filter((p) => p.persona !== null);
  const others = m.people.filter((p) => p.persona === null);
  const option = (p: Person): Html =>
    html`<option value="${p.accountId}" ${p.accountId === m.viewer.accountId ? raw(' selected') : ''}>
      ${p.displayName}${p.labels.length > 0 ? ` — ${p.labels.join(', ')}` : ''}
    </option>`;
  const keep = (name: string, value: string | null): Html => (value ? html`<input type="hidden" name="${name}" value="${value}" />` : html``);
  return html`<form class="switchers" method="get" action="/" id="switchers" aria-label="Preview as">
    ${keep('view', m.view)}${m.view === PAGE_VIEW ? keep('page', m.pageId) : ''}${m.main.kind === 'profile' ? keep('profile', m.main.card.accountId) : ''}
    <div class="field">
      <label for="viewer">Viewing as</label>
      <select id="viewer" name="user" data-persona="${m.viewer.persona ?? ''}">
        ${personas.length > 0 ? html`<optgroup label="Personas">${personas.map(option)}</optgroup>` : ''}
        ${others.length > 0 ? html`<optgroup label="Other people">${others.map(option)}</optgroup>` : ''}
      </select>
    </div>
    <div class="field">
      <label for="space">Space</label>
      <select id="space" name="space" ${m.spaces.length === 0 ? raw(' disabled') : ''}>
        ${m.spaces.length === 0 ? html`<option value="">No space visible</option>` : ''}
        ${m.spaces.map((s) => html`<option value="${s.key}" ${s.key === m.space?.key ? raw(' selected') : ''}>${s.name} (${s.key})</option>`)}
      </select>
    </div>
    <button type="submit" class="apply" id="switch">Switch</button>
  </form>`;
}

function sidebar(m: HostModel): Html {
  const link = (label: string, view: string, extra: { page?: string | null; tag?: string | null; depth?: number } = {}): Html => {
    const current = m.view === view && (view !== PAGE_VIEW || extra.page === undefined || extra.page === m.pageId);
    const href = hostHref({ user: m.viewer.accountId, space: m.space?.key ?? null, view, page: extra.page ?? null });
    const pad = extra.depth ? raw(` class="depth-${Math.min(extra.depth, 6)}"`) : '';
    return html`<li>
      <a href="${href}" ${pad}${current ? raw(' aria-current="page"') : ''}>${label}${extra.tag ? html` <span class="tag">${extra.tag}</span>` : ''}</a>
    </li>`;
  };
  const spacePages = m.modules.filter((x) => x.type === 'confluence:spacePage');
  const spaceSettings = m.modules.filter((x) => x.type === 'confluence:spaceSettings');
  const globalSettings = m.modules.filter((x) => x.type === 'confluence:globalSettings');
  const shownTree = compactTree(m.tree, m.pageId);
  // On narrow windows the sidebar sits above the content, folded behind this button (client/host.js opens it; without
  // JavaScript it stays open). On wide windows the button is hidden and the sidebar is always shown.
  const here = m.space ? m.space.name : 'Navigation';
  return html`<nav class="sidebar" id="sidebar" aria-label="Sidebar">
    <button type="button" class="nav-toggle" id="nav-toggle" aria-expanded="false" aria-controls="sidebar-body">
      <span class="nav-toggle-icon" aria-hidden="true"></span><span>Sidebar: <span class="nav-toggle-here">${here}</span></span>
    </button>
    <div class="sidebar-body" id="sidebar-body">
      ${
        m.space
          ? html`<div class="space-head">
                <span class="space-avatar" aria-hidden="true">${m.space.key.replace('~', '').slice(0, 2).toUpperCase()}</span>
                <span><span class="space-name">${m.space.name}</span><span class="space-key">${m.space.key}</span></span>
              </div>
              <h2 class="nav-heading">Space apps</h2>
              <ul class="nav-list">
                ${spacePages.map((x) => link(moduleLabel(x), viewOfModule(x), { tag: 'App' }))}
              </ul>
              <h2 class="nav-heading">Pages</h2>
              <ul class="nav-list tree">
                ${
                  shownTree.length > 0
                    ? shownTree.map((e) => link(e.node.title, PAGE_VIEW, { page: e.node.id, depth: e.depth }))
                    : html`<li class="nav-empty">No page you can view</li>`
                }${m.tree.length > shownTree.length ? html`<li class="nav-empty">${m.tree.length - shownTree.length} more pages deeper in the tree</li>` : ''}
              </ul>
              <h2 class="nav-heading">Space settings</h2>
              <ul class="nav-list">
                ${spaceSettings.map((x) => link(moduleLabel(x), viewOfModule(x), { tag: 'App' }))}
              </ul>`
          : html`<p class="nav-empty">${m.viewer.displayName} cannot view any space.</p>`
      }
      <h2 class="nav-heading">Confluence administration</h2>
      <ul class="nav-list">
        ${globalSettings.map((x) => link(`Global settings: ${moduleLabel(x)}`, viewOfModule(x)))}
      </ul>
      <p class="nav-persona">
        ${m.viewer.persona ? html`Persona: <strong>${PERSONA_TITLE[m.viewer.persona]}</strong>` : html`Viewing as ${m.viewer.displayName}`}
      </p>
    </div>
  </nav>`;
}

/**
 * The part of the page tree a Confluence sidebar shows: top two levels, plus the path to the current page, its
 * siblings and its children; at most 60 entries.
 */
export function compactTree(tree: readonly TreeEntry[], currentId: string | null): TreeEntry[] {
  const current = tree.find((e) => e.node.id === currentId)?.node ?? null;
  const path = new Set<string>();
  for (let n = current; n; n = n.parent) path.add(n.id);
  const parentOfCurrent = current?.parent?.id ?? null;
  return tree
    .filter((e) => {
      const parent = e.node.parent?.id ?? null;
      return e.depth <= 1 || path.has(e.node.id) || (parent !== null && (parent === currentId || parent === parentOfCurrent) && path.has(parent));
    })
    .slice(0, 60);
}

function mainArea(m: HostModel): Html {
  const main = m.main;
  switch (main.kind) {
    case 'module': {
      const inAdmin = main.module.type === 'confluence:globalSettings';
      const crumbs = inAdmin
        ? ['Confluence administration', moduleLabel(main.module)]
        : [m.space?.name ?? '', ...(main.module.type === 'confluence:spaceSettings' ? ['Space settings'] : []), moduleLabel(main.module)];
      // The app draws its own heading, as it does in Confluence: the host's stays for screen readers only.
      return html`${breadcrumb(crumbs)}
        <h1 class="visually-hidden">${moduleLabel(main.module)}</h1>
        ${main.note ? html`<p class="host-note">${main.note}</p>` : ''} ${main.refusal ? html`<p class="notice">${main.refusal}</p>` : ''}
        ${main.frame ? frame(main.frame, 'module-frame') : ''} ${main.frame ? frameDetails(main.frame, m) : ''}`;
    }
    case 'page': {
      const node = main.node;
      return html`${breadcrumb([node.space.name, ...main.ancestors.map((a) => a.title)])}
        <div class="banner-slot">${main.banner ? frame(main.banner, 'banner-frame') : ''}</div>
        ${main.bannerNote ? html`<p class="host-note">${main.bannerNote}</p>` : ''}
        <article class="page" aria-labelledby="page-title">
          <h1 id="page-title" class="page-title">${node.title}</h1>
          <p class="byline">
            By ${main.author} · Last updated ${formatDate(node.lastModifiedAt)}${node.chain ? html` · <span class="restricted">View-restricted</span>` : ''}
          </p>
          <div class="page-body">
            <p>This is a mock page body. The emulator holds each page’s title, place in the page tree, author and restrictions, but not its content.</p>
            <p>
              The page banner above is the app’s <code>confluence:pageBanner</code> module, running with this page and ${m.viewer.displayName} as its context.
              When the app has nothing to say it renders nothing and its frame collapses to no height.
            </p>
          </div>
        </article>
        ${main.banner ? frameDetails(main.banner, m) : ''}`;
    }
    case 'profile':
      return profile(main.card, main.self, m);
    case 'empty':
      return html`<h1 class="view-title">${main.title}</h1>
        <p class="notice">${main.message}</p>`;
  }
}

function breadcrumb(parts: string[]): Html {
  const items = parts.filter((p) => p !== '');
  if (items.length === 0) return html``;
  return html`<nav class="breadcrumbs" aria-label="Breadcrumb">
    <ol>
      ${items.map((p) => html`<li>${p}</li>`)}
    </ol>
  </nav>`;
}

function frame(f: FrameView, cls: string): Html {
  return html`<iframe
    class="${cls}"
    title="${f.title}"
    data-frame="${f.record.token}"
    data-module="${f.record.module.key}"
    data-height="${f.initialHeight}"
    src="/apps/${encodeURIComponent(f.record.module.resource)}/"
    sandbox="${FRAME_SANDBOX}"
    ${f.initialHeight === 0 ? raw(' data-collapsed="true"') : ''}
  ></iframe>`;
}

function frameDetails(f: FrameView, m: HostModel): Html {
  const r = f.record;
  return html`<details class="frame-details">
    <summary>About this frame</summary>
    <dl>
      <dt>Module</dt>
      <dd><code>${r.module.type}</code> <code>${r.module.key}</code></dd>
      <dt>Resource</dt>
      <dd><code>${r.module.resource}</code> served from <code>${r.module.resourceDir}</code></dd>
      <dt>Resolver</dt>
      <dd><code>${r.module.functionKey}</code> → <code>${r.module.handlerRef}</code></dd>
      <dt>Viewing as</dt>
      <dd>${m.viewer.displayName} <code>${r.accountId}</code></dd>
      <dt>Context extension</dt>
      <dd><code>${JSON.stringify(r.extension)}</code></dd>
    </dl>
  </details>`;
}

function profile(card: ProfileCard, self: boolean, m: HostModel): Html {
  const initials = card.displayName
    .split(/\s+/u)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0] ?? '')
    .join('')
    .toUpperCase();
  const back = hostHref({ user: m.viewer.accountId, space: m.space?.key ?? null });
  const jobTitle =
    card.jobTitle === null || card.jobTitle.trim() === ''
      ? html`<em>No job title</em>`
      : card.jobTitleVisibility === 'private'
        ? html`${card.jobTitle} <span class="tag">hidden from others by profile visibility</span>`
        : html`${card.jobTitle}`;
  return html`${breadcrumb(['People', card.displayName])}
    <h1 class="view-title">${card.displayName}</h1>
    <p class="host-note">
      In Confluence this is the person’s profile. This mock shows what the emulator holds for ${self ? 'your own account' : 'this account'}: change it in the
      site file.
    </p>
    <section class="profile-card" aria-label="Profile">
      ${
        card.photo === 'custom'
          ? html`<span class="avatar avatar-photo" role="img" aria-label="Profile photo of ${card.displayName}">${raw(PHOTO)}</span>`
          : html`<span class="avatar avatar-default" role="img" aria-label="Default avatar (initials ${initials})">${initials}</span>`
      }
      <dl class="profile-fields">
        <dt>Full name</dt>
        <dd>${card.displayName}${card.fullNameVisibility === 'private' ? html` <span class="tag">hidden from others</span>` : ''}</dd>
        <dt>@mention name</dt>
        <dd>@${card.publicName}</dd>
        <dt>Job title</dt>
        <dd>${jobTitle}</dd>
        <dt>Department</dt>
        <dd>${card.department ?? html`<em>None</em>`}</dd>
        <dt>Profile photo</dt>
        <dd>${card.photo === 'custom' ? 'Uploaded photo' : 'Default avatar (no photo uploaded)'}</dd>
        <dt>Account</dt>
        <dd>${card.guest ? 'Guest' : 'Licensed user'}${card.siteAdmin ? ', site admin' : ''} · <code>${card.accountId}</code></dd>
        <dt>Time zone</dt>
        <dd>${card.timeZone}</dd>
      </dl>
    </section>
    <p><a href="${back}">Back to the space</a></p>`;
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A simple Confluence-like mark (not Atlassian's logo). */
const LOGO =
  '<svg class="logo" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M3.2 16.9c-.3.5-.6 1-.8 1.4-.2.4-.1.9.3 1.1l4.1 2.5c.4.3 1 .1 1.2-.3.2-.3.4-.7.7-1.2 1.8-3 3.7-2.6 7.1-1l4.1 1.9c.4.2 1 0 1.2-.4l2-4.4c.2-.4 0-.9-.4-1.1-.9-.4-2.6-1.2-4.2-2C12.6 10.5 6.9 10.7 3.2 16.9zM20.8 7.1c.3-.5.6-1 .8-1.4.2-.4.1-.9-.3-1.1L17.2 2c-.4-.3-1-.1-1.2.3-.2.3-.4.7-.7 1.2-1.8 3-3.7 2.6-7.1 1L4.1 2.6c-.4-.2-1 0-1.2.4l-2 4.4c-.2.4 0 .9.4 1.1.9.4 2.6 1.2 4.2 2 5.9 2.8 11.6 2.6 15.3-3.4z"/></svg>';

/** A stand-in for an uploaded photo (a silhouette), distinct from the initials avatar. */
const PHOTO =
  '<svg viewBox="0 0 64 64" width="96" height="96" aria-hidden="true" focusable="false"><defs><linearGradient id="ph" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#8fb8ff"/><stop offset="1" stop-color="#2f5fb3"/></linearGradient></defs><rect width="64" height="64" fill="url(#ph)"/><circle cx="32" cy="25" r="11" fill="#f1d6c4"/><path d="M12 64c2-13 10-19 20-19s18 6 20 19z" fill="#1d3b70"/></svg>';

/** Re-exported for the server: view names. */
export { PAGE_VIEW, PROFILE_VIEW };
