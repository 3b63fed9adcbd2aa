/**
 * The demo site: "Department for Digital Standards" (fictional UK government department), classic permissions,
 * anonymous access on. Generated deterministically by {@link buildDemoSite}; the committed copy is
 * `tools/emulator/sites/demo-site.json` (regenerate with `tsx tools/emulator/demo-site.ts`; a test checks they match).
 *
 * Fixed ids other code and tests rely on: {@link DEMO_PERSONAS}, {@link DEMO_GROUPS}, {@link DEMO_SPACES},
 * {@link DEMO_CONTENT}. Everything else (filler pages, staff users) may change with the generator.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from './random';
import type { ContentItemJson, SiteJson } from './site-schema';

/** Where the committed demo site lives. */
export const DEMO_SITE_PATH = path.resolve(__dirname, 'sites', 'demo-site.json');

/** The six personas and the app principal (exact accountIds). */
export const DEMO_PERSONAS = {
  /** Priya Shah, site admin, Head of Information Security; apiToken `demo-token-priya`; email public. */
  priya: '5f1a0000000000000000a001',
  /** Tom O'Brien, Delivery Manager, space admin of DIG and POL; apiToken `demo-token-tom`. */
  tom: '5f1a0000000000000000a002',
  /** Alex Black, publicName `alex.black` (non-conforming), default photo, no job title, owns `~alexblack`. */
  alex: '5f1a0000000000000000a003',
  /** Sam Taylor, guest from a supplier; sees only SUP. */
  sam: '5f1a0000000000000000a004',
  /** Zoë Łukasz-Ní Bhriain, non-ASCII name, job title hidden. */
  zoe: '5f1a0000000000000000a005',
  /** Chris Green, `ChrisGreenHMRC`, cross-government collaborator in the policy group. */
  chris: '5f1a0000000000000000a006',
  /** The app principal ("Secure Confluence"). */
  app: '5f1a0000000000000000f0f0',
} as const;

/** API tokens (Basic auth `email:apiToken`) of the personas. */
export const DEMO_CREDENTIALS = {
  priya: { email: 'priya.shah@dds.example.gov.uk', apiToken: 'demo-token-priya' },
  tom: { email: 'tom.obrien@dds.example.gov.uk', apiToken: 'demo-token-tom' },
  alex: { email: 'alex.black@dds.example.gov.uk', apiToken: 'demo-token-alex' },
  sam: { email: 'sam.taylor@acme-supplies.example.com', apiToken: 'demo-token-sam' },
  zoe: { email: 'zoe.lukasz-nibhriain@dds.example.gov.uk', apiToken: 'demo-token-zoe' },
  chris: { email: 'chris.green@hmrc.example.gov.uk', apiToken: 'demo-token-chris' },
} as const;

const gid = (n: number): string => `d5d50000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Group ids by name. */
export const DEMO_GROUPS = {
  'confluence-users': gid(1),
  'site-admins': gid(2),
  'dds-digital': gid(3),
  'dds-policy': gid(4),
  'dds-policy-leads': gid(5),
  'dds-hr': gid(6),
  'hr-casework': gid(7),
  'dds-security': gid(8),
  'dds-comms': gid(9),
  'dds-commercial': gid(10),
  'acme-suppliers': gid(11),
} as const;

/** Space ids by key. */
export const DEMO_SPACES = {
  PUB: '65537',
  DIG: '65538',
  POL: '65539',
  HR: '65540',
  SUP: '65541',
  '~alexblack': '65542',
  ARC: '65543',
} as const;

/** Landmark content ids (restrictions, statuses and depth the tests rely on). */
export const DEMO_CONTENT = {
  pubHome: '110001',
  pubAbout: '110002',
  pubPressOffice: '110004',
  /** Read-restricted leaf (group dds-comms). */
  pubEmbargoed: '110005',
  pubArchived: '110007',
  pubTrashed: '110008',
  pubBlogFirst: '110050',
  digHome: '120001',
  digServiceManual: '120002',
  /** Level 7 and 8 of the deepest chain (home → Service manual → Build → Platform → Hosting → Runbooks → …). */
  digIncidentRunbook: '120007',
  digDatabaseFailover: '120008',
  /** Read-restricted parent (users tom, priya; group dds-security) hiding its subtree. */
  digSecurityIncidents: '120010',
  digIncidentPhishing: '120011',
  digIncidentTimeline: '120012',
  /** Edit-only restriction (update: tom); its children stay open. */
  digArchitecture: '120020',
  digAdr1: '120021',
  /** Read-restricted leaf (group dds-security). */
  digPentest: '120030',
  digDraft: '120050',
  digArchived: '120051',
  polHome: '130001',
  /** Read-restricted parent (group dds-policy-leads). */
  polMinisterial: '130010',
  polMinisterialAnnex: '130013',
  polWorkingGroup: '130030',
  hrHome: '140001',
  /** Read-restricted parent (group hr-casework). */
  hrCasework: '140010',
  hrCase1: '140011',
  /** Nested restriction inside Casework (user: Eleanor Walsh). */
  hrInvestigationNotes: '140012',
  /** Read-restricted leaf (user: Amara Okafor). */
  hrSalaryReview: '140020',
  /** Restricted to dds-hr AND the app principal by name. */
  hrExposureRegister: '140030',
  hrTrashed: '140050',
  supHome: '150001',
  supProject: '150002',
  /** Read-restricted (group dds-commercial): hidden from the guest. */
  supCommercial: '150010',
  alexHome: '160001',
  /** Read-restricted to Alex only. */
  alexPrivate: '160010',
  arcHome: '170001',
} as const;

interface StaffSpec {
  n: number;
  name: string;
  publicName: string;
  jobTitle?: string;
  picture: 'custom' | 'default';
  groups: (keyof typeof DEMO_GROUPS)[];
  hideJobTitle?: boolean;
  emailPublic?: boolean;
  status?: 'inactive';
  accountId?: string;
  guest?: boolean;
  email?: string;
}

// A realistic mix: conforming "FirstLastDDS" names, and non-conforming ones (no org code, lower case, nicknames).
const STAFF: StaffSpec[] = [
  { n: 1, name: 'Amara Okafor', publicName: 'AmaraOkaforDDS', jobTitle: 'Head of People', picture: 'custom', groups: ['dds-hr', 'hr-casework'] },
  { n: 2, name: 'Ben Hughes', publicName: 'ben.h', jobTitle: 'Software Developer', picture: 'default', groups: ['dds-digital'] },
  {
    n: 3,
    name: 'Catherine Lloyd',
    publicName: 'CatherineLloydDDS',
    jobTitle: 'Deputy Director, Policy',
    picture: 'custom',
    groups: ['dds-policy', 'dds-policy-leads'],
  },
  { n: 4, name: 'Daniel Evans', publicName: 'DanielEvans', jobTitle: 'Technical Architect', picture: 'custom', groups: ['dds-digital'] },
  { n: 5, name: 'Eleanor Walsh', publicName: 'EleanorWalshDDS', jobTitle: 'HR Caseworker', picture: 'custom', groups: ['dds-hr', 'hr-casework'] },
  { n: 6, name: 'Farhan Iqbal', publicName: 'FarhanIqbalDDS', jobTitle: 'Security Engineer', picture: 'custom', groups: ['dds-security', 'dds-digital'] },
  { n: 7, name: 'Grace Kim', publicName: 'grace', picture: 'default', groups: ['dds-digital'] },
  { n: 8, name: 'Harry Patel', publicName: 'HarryPatelDDS', jobTitle: 'Communications Officer', picture: 'custom', groups: ['dds-comms'] },
  { n: 9, name: 'Imogen Clarke', publicName: 'ImogenClarkeDDS', jobTitle: 'Commercial Manager', picture: 'custom', groups: ['dds-commercial'] },
  { n: 10, name: 'James Wright', publicName: 'JAMESWRIGHTDDS', jobTitle: 'Product Manager', picture: 'default', groups: ['dds-digital'] },
  { n: 11, name: 'Kavita Rao', publicName: 'KavitaRaoDDS', jobTitle: 'Senior Policy Adviser', picture: 'custom', groups: ['dds-policy'] },
  { n: 12, name: 'Liam Murphy', publicName: 'Liam M', jobTitle: 'Delivery Manager', picture: 'default', groups: ['dds-digital'] },
  { n: 13, name: 'Megan Thomas', publicName: 'MeganThomasDDS', jobTitle: 'HR Adviser', picture: 'custom', groups: ['dds-hr'], hideJobTitle: true },
  { n: 14, name: 'Nathan Brooks', publicName: 'NathanBrooksDDS', jobTitle: 'Security Analyst', picture: 'custom', groups: ['dds-security'] },
  { n: 15, name: 'Olivia Bennett', publicName: 'OliviaBennett-DDS', jobTitle: 'User Researcher', picture: 'custom', groups: ['dds-digital'] },
  {
    n: 16,
    name: "Patrick O'Neill",
    publicName: "PatrickO'NeillDDS",
    jobTitle: 'Head of Communications',
    picture: 'custom',
    groups: ['dds-comms'],
    emailPublic: true,
  },
  { n: 17, name: 'Rachel Adeyemi', publicName: 'RachelAdeyemiDDS', jobTitle: 'Contract Manager', picture: 'default', groups: ['dds-commercial'] },
  { n: 18, name: 'Samuel Lee', publicName: 'sam.lee', jobTitle: 'Software Developer', picture: 'default', groups: ['dds-digital'] },
  { n: 19, name: 'Tara Singh', publicName: 'TaraSinghDDS', jobTitle: 'Policy Adviser', picture: 'custom', groups: ['dds-policy'] },
  { n: 20, name: 'Usman Ali', publicName: 'UsmanAliDDS', jobTitle: 'Site Reliability Engineer', picture: 'custom', groups: ['dds-digital'] },
  {
    n: 21,
    name: 'Victoria Hall',
    publicName: 'VictoriaHallDDS',
    jobTitle: 'Director General',
    picture: 'custom',
    groups: ['dds-policy-leads'],
    hideJobTitle: true,
  },
  { n: 22, name: 'William Foster', publicName: 'wfoster', picture: 'default', groups: ['dds-digital'] },
  { n: 23, name: 'Yasmin Haddad', publicName: 'YasminHaddadDDS', jobTitle: 'User Researcher', picture: 'custom', groups: ['dds-digital'] },
  { n: 24, name: 'Aled Jones', publicName: 'AledJonesDDS', jobTitle: 'Content Designer (Welsh language)', picture: 'custom', groups: ['dds-comms'] },
  { n: 25, name: 'Siobhán Ní Dhomhnaill', publicName: 'SiobhánNíDhomhnaillDDS', jobTitle: 'Data Scientist', picture: 'custom', groups: ['dds-digital'] },
  { n: 26, name: 'Kwame Mensah', publicName: 'KwameMensahDDS', jobTitle: 'Performance Analyst', picture: 'default', groups: ['dds-digital'] },
  { n: 27, name: 'Hannah Cohen', publicName: 'Hannah Cohen', jobTitle: 'Business Analyst', picture: 'custom', groups: ['dds-digital'] },
  { n: 28, name: 'Rhys Morgan', publicName: 'RhysMorganDDS', jobTitle: 'Former Service Owner', picture: 'custom', groups: ['dds-digital'], status: 'inactive' },
  { n: 29, name: 'Fiona MacLeod', publicName: 'FionaMacLeodDDS', jobTitle: 'Knowledge Manager', picture: 'custom', groups: ['dds-digital', 'dds-comms'] },
  {
    n: 30,
    name: 'Jordan Price',
    publicName: 'JordanPriceDDS',
    jobTitle: 'Service Designer',
    picture: 'custom',
    groups: ['dds-digital'],
    accountId: '712020:6b0a3e4c-2f51-4b8e-9a1d-3c5e7f9b1d20',
  },
  {
    n: 31,
    name: 'Leo Fischer',
    publicName: 'Leo Fischer',
    picture: 'default',
    groups: ['acme-suppliers'],
    guest: true,
    email: 'leo.fischer@acme-supplies.example.com',
  },
];

const staffId = (s: StaffSpec): string => s.accountId ?? `5f1a0000000000000000b${s.n.toString(16).padStart(3, '0')}`;
const staffByName = (name: string): string => staffId(STAFF.find((s) => s.name === name)!);

function emailFor(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '')
    .toLowerCase();
  return `${ascii.replace(/\s+/g, '.')}@dds.example.gov.uk`;
}

interface Node {
  id: string;
  title: string;
  type?: 'blogpost';
  status?: 'archived' | 'trashed' | 'draft';
  author?: string;
  read?: { users?: string[]; groups?: string[] };
  update?: { users?: string[]; groups?: string[] };
  children?: Node[];
}

const P = DEMO_PERSONAS;
const C = DEMO_CONTENT;
const EP = staffByName('Eleanor Walsh');
const AMARA = staffByName('Amara Okafor');

/** Builds the demo site (deterministic: same output every run). */
export function buildDemoSite(): SiteJson {
  const rnd = seededRandom(20250101);
  const start = Date.UTC(2021, 0, 4);
  const span = Date.UTC(2025, 5, 1) - start;
  const latest = Date.UTC(2025, 8, 30);
  const stamp = (ms: number): string => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();

  const filler = (base: number) => {
    let next = base;
    return (): string => String(next++);
  };
  const TOPICS: Record<string, string[]> = {
    PUB: ['Guidance', 'Statistics release', 'Transparency data', 'Corporate report', 'FOI response', 'Open data', 'Consultation outcome', 'Speech'],
    DIG: [
      'Sprint review',
      'Service assessment',
      'Tech radar',
      'API standards',
      'Design system',
      'Accessibility audit',
      'Runbook',
      'Post-incident review',
      'Roadmap',
    ],
    POL: ['Policy paper', 'Impact assessment', 'Evidence review', 'Stakeholder map', 'Briefing', 'Options analysis'],
    HR: ['Leave policy', 'Hybrid working', 'Learning and development', 'Recruitment', 'Wellbeing', 'Pay and benefits'],
    SUP: ['Sprint plan', 'Integration notes', 'Test report', 'Risk log', 'Meeting minutes', 'Release notes'],
    '~alexblack': ['Notes', 'Ideas', 'Reading list'],
    ARC: ['Intranet news', 'Old policy', 'Team page', 'Event', 'Archive record'],
  };
  const AUTHORS: Record<string, string[]> = {
    PUB: [P.priya, staffByName('Harry Patel'), staffByName("Patrick O'Neill"), P.zoe, staffByName('Aled Jones'), staffByName('Fiona MacLeod')],
    DIG: [P.tom, P.alex, P.zoe, P.priya, ...STAFF.filter((s) => s.groups.includes('dds-digital') && !s.guest).map(staffId)],
    POL: [P.tom, P.chris, staffByName('Catherine Lloyd'), staffByName('Kavita Rao'), staffByName('Tara Singh')],
    HR: [AMARA, EP, staffByName('Megan Thomas')],
    SUP: [P.sam, staffByName('Leo Fischer'), staffByName('Imogen Clarke'), staffByName('Rachel Adeyemi')],
    '~alexblack': [P.alex],
    ARC: [P.priya, staffByName('Rhys Morgan'), staffByName('Fiona MacLeod'), staffByName('William Foster')],
  };

  /** Filler children under a section: `count` pages, some with their own children. */
  const fillerPages = (key: string, nextId: () => string, count: number, depth: number): Node[] =>
    Array.from({ length: count }, (_, i) => {
      const topic = rnd.pick(TOPICS[key]!);
      const node: Node = { id: nextId(), title: `${topic} ${i + 1}` };
      if (depth > 1 && rnd.chance(0.35)) node.children = fillerPages(key, nextId, 1 + rnd.int(4), depth - 1);
      return node;
    });

  const toJson = (key: string, node: Node): ContentItemJson => {
    const created = start + Math.floor(rnd.next() * span);
    const author = node.author ?? rnd.pick(AUTHORS[key]!);
    const item: ContentItemJson = { id: node.id, title: node.title, author, created: stamp(created) };
    if (node.type) item.type = node.type;
    if (node.status) item.status = node.status;
    if (rnd.chance(0.6)) {
      item.lastModified = stamp(Math.min(latest, created + rnd.int(400) * 86_400_000 + rnd.int(86_400_000)));
      item.lastModifiedBy = rnd.chance(0.5) ? author : rnd.pick(AUTHORS[key]!);
      item.version = 2 + rnd.int(12);
    }
    if (rnd.chance(0.2)) item.contributors = [rnd.pick(AUTHORS[key]!)];
    if (node.read || node.update) {
      item.restrictions = {};
      if (node.read) item.restrictions.read = node.read;
      if (node.update) item.restrictions.update = node.update;
    }
    if (node.children && node.children.length > 0) item.children = node.children.map((c) => toJson(key, c));
    return item;
  };

  const blogs = (key: string, nextId: () => string, titles: string[], author?: string): Node[] =>
    titles.map((t) => ({ id: nextId(), title: t, type: 'blogpost' as const, ...(author ? { author } : {}) }));

  // ---------------------------------------------------------------- PUB
  const pubNext = filler(111001);
  const pub: Node[] = [
    {
      id: C.pubHome,
      title: 'Public information home',
      author: P.priya,
      children: [
        {
          id: C.pubAbout,
          title: 'About the department',
          children: [
            { id: '110009', title: 'Our ministers' },
            { id: '110010', title: 'Our structure', children: fillerPages('PUB', pubNext, 4, 1) },
            { id: '110011', title: 'Annual reports', children: fillerPages('PUB', pubNext, 5, 1) },
          ],
        },
        { id: '110003', title: 'Publications', children: fillerPages('PUB', pubNext, 14, 3) },
        {
          id: C.pubPressOffice,
          title: 'Press office',
          children: [
            { id: '110012', title: 'Press releases 2025', children: fillerPages('PUB', pubNext, 6, 1) },
            { id: C.pubEmbargoed, title: 'Embargoed: Annual report 2025 launch', read: { groups: ['dds-comms'] } },
          ],
        },
        { id: '110006', title: 'Accessibility statement' },
        { id: C.pubArchived, title: 'Consultation on digital standards 2021 (closed)', status: 'archived' },
        { id: C.pubTrashed, title: 'Duplicate page - delete me', status: 'trashed' },
      ],
    },
    ...blogs('PUB', filler(Number(C.pubBlogFirst)), [
      'Launching our new digital standards',
      'What we learned from user research in 2024',
      'Open data: a year in review',
      'How we made our forms accessible',
      'Welsh language services update',
      'Our approach to AI assurance',
    ]),
  ];

  // ---------------------------------------------------------------- DIG
  const digNext = filler(121001);
  const dig: Node[] = [
    {
      id: C.digHome,
      title: 'Digital services home',
      author: P.tom,
      children: [
        {
          id: C.digServiceManual,
          title: 'Service manual',
          children: [
            {
              id: '120003',
              title: 'Build',
              children: [
                {
                  id: '120004',
                  title: 'Platform',
                  children: [
                    {
                      id: '120005',
                      title: 'Hosting',
                      children: [
                        {
                          id: '120006',
                          title: 'Runbooks',
                          children: [
                            {
                              id: C.digIncidentRunbook,
                              title: 'Incident response runbook',
                              children: [{ id: C.digDatabaseFailover, title: 'Database failover' }, ...fillerPages('DIG', digNext, 3, 1)],
                            },
                            ...fillerPages('DIG', digNext, 4, 1),
                          ],
                        },
                      ],
                    },
                    ...fillerPages('DIG', digNext, 3, 2),
                  ],
                },
                { id: C.digPentest, title: 'Penetration test report 2025', read: { groups: ['dds-security'] } },
                ...fillerPages('DIG', digNext, 5, 2),
              ],
            },
            { id: '120060', title: 'Discover', children: fillerPages('DIG', digNext, 8, 2) },
            { id: '120061', title: 'Design', children: fillerPages('DIG', digNext, 10, 3) },
            { id: '120062', title: 'Operate', children: fillerPages('DIG', digNext, 10, 3) },
          ],
        },
        {
          id: C.digSecurityIncidents,
          title: 'Security incidents',
          author: P.priya,
          read: { users: [P.tom, P.priya], groups: ['dds-security'] },
          children: [
            {
              id: C.digIncidentPhishing,
              title: 'Incident 2024-017: phishing campaign',
              children: [
                { id: C.digIncidentTimeline, title: 'Timeline' },
                { id: '120013', title: 'Lessons learned' },
              ],
            },
            { id: '120014', title: 'Incident 2025-003: leaked access token' },
          ],
        },
        {
          id: C.digArchitecture,
          title: 'Architecture decisions',
          author: P.tom,
          update: { users: [P.tom] },
          children: [
            { id: C.digAdr1, title: 'ADR-001: Build on Atlassian Forge' },
            { id: '120022', title: 'ADR-002: Hosting and regions' },
            { id: '120023', title: 'ADR-003: Identity and access' },
          ],
        },
        { id: '120040', title: 'Team pages', children: fillerPages('DIG', digNext, 16, 3) },
        { id: C.digDraft, title: 'Draft: hiring plan 2026', status: 'draft', author: P.alex },
        { id: C.digArchived, title: 'Legacy CMS migration', status: 'archived' },
      ],
    },
    ...blogs('DIG', filler(120100), [
      'Weeknotes: sprint 42',
      'Weeknotes: sprint 43',
      'Why we moved to trunk-based development',
      'Design system 3.0 is here',
      'Accessibility is everyone’s job',
      'Our first service assessment',
      'Weeknotes: sprint 44',
    ]),
  ];

  // ---------------------------------------------------------------- POL
  const polNext = filler(131001);
  const pol: Node[] = [
    {
      id: C.polHome,
      title: 'Policy home',
      author: P.tom,
      children: [
        { id: '130002', title: 'Policy library', children: fillerPages('POL', polNext, 14, 3) },
        {
          id: C.polMinisterial,
          title: 'Ministerial submissions',
          read: { groups: ['dds-policy-leads'] },
          author: staffByName('Catherine Lloyd'),
          children: [
            {
              id: '130011',
              title: 'Submission: AI assurance framework',
              children: [{ id: C.polMinisterialAnnex, title: 'Annex A: risk assessment' }],
            },
            { id: '130012', title: 'Submission: data sharing agreement' },
          ],
        },
        { id: '130020', title: 'Consultation responses', children: fillerPages('POL', polNext, 8, 2) },
        { id: C.polWorkingGroup, title: 'Cross-government working group', author: P.chris, children: fillerPages('POL', polNext, 4, 1) },
      ],
    },
    ...blogs('POL', filler(130100), ['Policy round-up: spring', 'Policy round-up: summer', 'Working across government']),
  ];

  // ---------------------------------------------------------------- HR
  const hrNext = filler(141001);
  const hr: Node[] = [
    {
      id: C.hrHome,
      title: 'People and HR home',
      author: AMARA,
      children: [
        { id: '140002', title: 'HR policies', children: fillerPages('HR', hrNext, 12, 2) },
        {
          id: C.hrCasework,
          title: 'Casework',
          read: { groups: ['hr-casework'] },
          children: [
            {
              id: C.hrCase1,
              title: 'Case 2025-001',
              children: [{ id: C.hrInvestigationNotes, title: 'Investigation notes', read: { users: [EP] }, author: EP }],
            },
            { id: '140013', title: 'Case 2025-002' },
          ],
        },
        { id: C.hrSalaryReview, title: 'Salary review 2025', read: { users: [AMARA] }, author: AMARA },
        { id: C.hrExposureRegister, title: 'Exposure scan register', read: { groups: ['dds-hr'], users: [P.app] } },
        { id: '140040', title: 'Onboarding', children: fillerPages('HR', hrNext, 8, 2) },
        { id: C.hrTrashed, title: 'Old organisation chart', status: 'trashed' },
      ],
    },
    ...blogs('HR', filler(140100), ['People survey results', 'New wellbeing offer']),
  ];

  // ---------------------------------------------------------------- SUP
  const supNext = filler(151001);
  const sup: Node[] = [
    {
      id: C.supHome,
      title: 'Supplier collaboration home',
      author: staffByName('Imogen Clarke'),
      children: [
        { id: C.supProject, title: 'Project Falcon', children: fillerPages('SUP', supNext, 12, 2) },
        {
          id: C.supCommercial,
          title: 'Commercial negotiations',
          read: { groups: ['dds-commercial'] },
          author: staffByName('Imogen Clarke'),
          children: [{ id: '150011', title: 'Pricing model v3' }],
        },
        { id: '150020', title: 'Supplier onboarding', children: fillerPages('SUP', supNext, 3, 1) },
      ],
    },
    ...blogs('SUP', filler(150100), ['Sprint review: Falcon 1', 'Sprint review: Falcon 2', 'Sprint review: Falcon 3'], P.sam),
  ];

  // ---------------------------------------------------------------- ~alexblack
  const alexNext = filler(161001);
  const alex: Node[] = [
    {
      id: C.alexHome,
      title: "Alex Black's space",
      author: P.alex,
      children: [
        { id: '160002', title: 'Notes', children: fillerPages('~alexblack', alexNext, 4, 1) },
        { id: C.alexPrivate, title: 'Private notes', read: { users: [P.alex] } },
        { id: '160003', title: 'Reading list' },
      ],
    },
  ];

  // ---------------------------------------------------------------- ARC
  const arcNext = filler(171001);
  const arc: Node[] = [
    { id: C.arcHome, title: 'Legacy intranet home', author: P.priya, children: fillerPages('ARC', arcNext, 18, 2) },
    ...blogs('ARC', filler(170100), ['Christmas party 2019', 'New canteen menu']),
  ];

  const content = (key: string, nodes: Node[]): ContentItemJson[] => nodes.map((n) => toJson(key, n));
  const ops = (...o: string[]): string[] => o;
  const EDIT = ops('read/space', 'create/page', 'create/blogpost', 'create/comment', 'restrict_content/space');
  const ADMIN = ops('read/space', 'create/page', 'create/blogpost', 'create/comment', 'restrict_content/space', 'administer/space');

  const personaUsers: NonNullable<SiteJson['users']> = [
    {
      accountId: P.priya,
      displayName: 'Priya Shah',
      publicName: 'PriyaShahDDS',
      email: DEMO_CREDENTIALS.priya.email,
      apiToken: DEMO_CREDENTIALS.priya.apiToken,
      picture: 'custom',
      jobTitle: 'Head of Information Security',
      department: 'Digital and Technology',
      visibility: { email: 'public' },
      siteAdmin: true,
    },
    {
      accountId: P.tom,
      displayName: "Tom O'Brien",
      publicName: "TomO'BrienDDS",
      email: DEMO_CREDENTIALS.tom.email,
      apiToken: DEMO_CREDENTIALS.tom.apiToken,
      picture: 'custom',
      jobTitle: 'Delivery Manager',
      department: 'Digital and Technology',
    },
    {
      accountId: P.alex,
      displayName: 'Alex Black',
      publicName: 'alex.black',
      email: DEMO_CREDENTIALS.alex.email,
      apiToken: DEMO_CREDENTIALS.alex.apiToken,
      picture: 'default',
    },
    {
      accountId: P.sam,
      displayName: 'Sam Taylor',
      publicName: 'Sam Taylor',
      email: DEMO_CREDENTIALS.sam.email,
      apiToken: DEMO_CREDENTIALS.sam.apiToken,
      picture: 'default',
      isGuest: true,
    },
    {
      accountId: P.zoe,
      displayName: 'Zoë Łukasz-Ní Bhriain',
      publicName: 'ZoëŁukasz-NíBhriainDDS',
      email: DEMO_CREDENTIALS.zoe.email,
      apiToken: DEMO_CREDENTIALS.zoe.apiToken,
      picture: 'custom',
      jobTitle: 'Senior Content Designer',
      visibility: { jobTitle: 'private' },
      timeZone: 'Europe/Dublin',
    },
    {
      accountId: P.chris,
      displayName: 'Chris Green',
      publicName: 'ChrisGreenHMRC',
      email: DEMO_CREDENTIALS.chris.email,
      apiToken: DEMO_CREDENTIALS.chris.apiToken,
      picture: 'custom',
      jobTitle: 'Policy Adviser',
      department: 'HM Revenue and Customs',
    },
  ];
  const staffUsers: NonNullable<SiteJson['users']> = STAFF.map((s) => ({
    accountId: staffId(s),
    displayName: s.name,
    publicName: s.publicName,
    email: s.email ?? emailFor(s.name),
    picture: s.picture,
    ...(s.jobTitle ? { jobTitle: s.jobTitle } : {}),
    ...(s.hideJobTitle || s.emailPublic
      ? { visibility: { ...(s.hideJobTitle ? { jobTitle: 'private' as const } : {}), ...(s.emailPublic ? { email: 'public' as const } : {}) } }
      : {}),
    ...(s.guest ? { isGuest: true } : {}),
    ...(s.status ? { status: s.status } : {}),
  }));

  const members = (name: keyof typeof DEMO_GROUPS): string[] => {
    const fromPersonas: Record<string, string[]> = {
      'site-admins': [P.priya],
      'dds-digital': [P.priya, P.tom, P.alex, P.zoe],
      'dds-policy': [P.tom, P.chris],
      'dds-security': [P.priya],
      'dds-comms': [P.zoe],
      'acme-suppliers': [P.sam],
    };
    return [...(fromPersonas[name] ?? []), ...STAFF.filter((s) => s.groups.includes(name)).map(staffId)];
  };

  return {
    comment: 'Demo site of the Secure Confluence emulator. Generated by tools/emulator/demo-site.ts: do not edit by hand.',
    site: {
      name: 'Department for Digital Standards',
      baseUrl: 'https://dds-demo.atlassian.net',
      cloudId: 'd5d5c10d-0000-4000-8000-000000000001',
      roleMode: 'PERMISSIONS',
      anonymousAccess: true,
      licensedUsersGroup: 'confluence-users',
    },
    app: { accountId: P.app, displayName: 'Secure Confluence' },
    groups: (Object.keys(DEMO_GROUPS) as (keyof typeof DEMO_GROUPS)[]).map((name) => ({
      id: DEMO_GROUPS[name],
      name,
      ...(name === 'confluence-users' ? { description: 'Default product group: every licensed user (implicit membership)' } : {}),
      members: name === 'confluence-users' ? [] : members(name),
    })),
    users: [...personaUsers, ...staffUsers],
    spaces: [
      {
        id: DEMO_SPACES.PUB,
        key: 'PUB',
        name: 'Public information',
        description: 'Information the department publishes: open to anyone, including anonymous visitors.',
        createdBy: P.priya,
        created: '2021-01-04T09:00:00.000Z',
        homepage: C.pubHome,
        permissions: [
          { principal: { type: 'anonymous' }, operations: ['read/space'] },
          { principal: { type: 'all-licensed' }, operations: ['read/space', 'create/comment'] },
          { principal: { type: 'group', group: 'dds-comms' }, operations: EDIT },
          { principal: { type: 'user', accountId: P.priya }, operations: ADMIN },
        ],
        content: content('PUB', pub),
      },
      {
        id: DEMO_SPACES.DIG,
        key: 'DIG',
        name: 'Digital services',
        description: 'How we build and run digital services. Open to all staff.',
        createdBy: P.tom,
        created: '2021-01-05T09:00:00.000Z',
        homepage: C.digHome,
        permissions: [
          { principal: { type: 'all-licensed' }, operations: EDIT },
          { principal: { type: 'user', accountId: P.tom }, operations: ADMIN },
        ],
        content: content('DIG', dig),
      },
      {
        id: DEMO_SPACES.POL,
        key: 'POL',
        name: 'Policy',
        description: 'Policy development. Limited to the policy group.',
        createdBy: P.tom,
        created: '2021-02-01T09:00:00.000Z',
        homepage: C.polHome,
        permissions: [
          { principal: { type: 'group', group: 'dds-policy' }, operations: EDIT },
          { principal: { type: 'group', group: 'dds-policy-leads' }, operations: EDIT },
          { principal: { type: 'user', accountId: P.tom }, operations: ADMIN },
        ],
        content: content('POL', pol),
      },
      {
        id: DEMO_SPACES.HR,
        key: 'HR',
        name: 'People and HR',
        description: 'HR policies and casework. Limited to the HR team.',
        createdBy: AMARA,
        created: '2021-02-15T09:00:00.000Z',
        homepage: C.hrHome,
        permissions: [
          { principal: { type: 'group', group: 'dds-hr' }, operations: EDIT },
          { principal: { type: 'user', accountId: AMARA }, operations: ADMIN },
        ],
        content: content('HR', hr),
      },
      {
        id: DEMO_SPACES.SUP,
        key: 'SUP',
        name: 'Supplier collaboration',
        description: 'Working space shared with Acme Supplies (guests).',
        createdBy: staffByName('Imogen Clarke'),
        created: '2022-03-01T09:00:00.000Z',
        homepage: C.supHome,
        permissions: [
          { principal: { type: 'group', group: 'acme-suppliers' }, operations: ['read/space', 'create/page', 'create/comment'] },
          { principal: { type: 'group', group: 'dds-commercial' }, operations: ADMIN },
          { principal: { type: 'user', accountId: P.tom }, operations: EDIT },
        ],
        content: content('SUP', sup),
      },
      {
        id: DEMO_SPACES['~alexblack'],
        key: '~alexblack',
        name: 'Alex Black',
        type: 'personal',
        description: "Alex Black's personal space.",
        createdBy: P.alex,
        created: '2023-06-12T09:00:00.000Z',
        homepage: C.alexHome,
        permissions: [
          { principal: { type: 'user', accountId: P.alex }, operations: ADMIN },
          { principal: { type: 'all-licensed' }, operations: ['read/space'] },
        ],
        content: content('~alexblack', alex),
      },
      {
        id: DEMO_SPACES.ARC,
        key: 'ARC',
        name: 'Legacy intranet (archived)',
        status: 'archived',
        description: 'The old intranet, kept for reference.',
        createdBy: P.priya,
        created: '2019-05-01T09:00:00.000Z',
        homepage: C.arcHome,
        permissions: [
          { principal: { type: 'all-licensed' }, operations: ['read/space'] },
          { principal: { type: 'user', accountId: P.priya }, operations: ADMIN },
        ],
        content: content('ARC', arc),
      },
    ],
  };
}

/** The committed file's exact text for a site: 2-space JSON plus a final newline. */
export function demoSiteText(site: SiteJson = buildDemoSite()): string {
  return `${JSON.stringify(site, null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(DEMO_SITE_PATH, demoSiteText());
  process.stdout.write(`wrote ${DEMO_SITE_PATH}\n`);
}
