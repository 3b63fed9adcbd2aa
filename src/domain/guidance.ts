/**
 * Secure-use guidance for people using Confluence Cloud in UK government departments.
 *
 * Plain data plus one look-up. Every item cites the public page that supports it; the table of facts and
 * sources, and what could not be verified, lives in `docs/guidance-sources.md`. Keep the two in step.
 *
 * The `it-contact` item carries the literal token `{{itContact}}`: the site admin sets the contact in the app's
 * global settings (`OrgSettings.itContact`) and the UI substitutes it. The text itself never names a contact.
 *
 * Domain code: imports nothing from Forge.
 */

import type { GuidanceItem, GuidanceSection, Source } from '../shared/api';

/** ISO date (yyyy-mm-dd) on which every source below was last checked. */
export const GUIDANCE_CHECKED_ON = '2026-11-29';

/** The placeholder the UI replaces with the organisation's IT contact (`OrgSettings.itContact`). */
export const IT_CONTACT_TOKEN = '{{itContact}}';

/** A citation checked on {@link GUIDANCE_CHECKED_ON}. */
function source(title: string, url: string): Source {
  return { title, url, checked: GUIDANCE_CHECKED_ON };
}

// ---------------------------------------------------------------------------------------------------------------
// Sources (each one read on the checked date; see docs/guidance-sources.md)

const S = {
  protectAccount: source(
    'Protect your Atlassian account (Atlassian)',
    'https://confluence.atlassian.com/cloud/protect-your-account-976161183.html',
  ),
  supportedBrowsers: source(
    'Supported browsers for Atlassian cloud products (Atlassian Support)',
    'https://support.atlassian.com/atlassian-account/docs/supported-browsers-for-atlassian-cloud-products/',
  ),
  dataStorageFaq: source(
    'Data storage FAQ (Atlassian Cloud)',
    'https://confluence.atlassian.com/cloud/data-storage-faq-873871367.html',
  ),
  twoStep: source(
    'Manage two-step verification for your Atlassian account (Atlassian Support)',
    'https://support.atlassian.com/atlassian-account/docs/manage-two-step-verification-for-your-atlassian-account',
  ),
  requireSso: source(
    'Require single sign-on for user login (Atlassian Support)',
    'https://support.atlassian.com/provisioning-users/docs/require-single-sign-on-for-user-login/',
  ),
  personalProfile: source(
    'Manage your personal profile (Atlassian Support)',
    'https://support.atlassian.com/atlassian-account/docs/manage-your-personal-profile/',
  ),
  lockedOut: source(
    "I'm locked out of my Atlassian account (Atlassian Support)",
    'https://support.atlassian.com/atlassian-cloud/kb/im-locked-out-of-my-atlassian-account/',
  ),
  managedAccountChanges: source(
    'Make changes to a managed account (Atlassian Support)',
    'https://support.atlassian.com/user-management/docs/make-changes-to-a-managed-user-account',
  ),
  manageUserProfile: source(
    "Manage an individual user's profile (Atlassian Support)",
    'https://support.atlassian.com/user-management/docs/manage-an-individual-users-profile',
  ),
  usersThirdPartyApps: source(
    "Manage your users' third-party apps (Atlassian Support)",
    'https://support.atlassian.com/security-and-access-policies/docs/manage-your-users-third-party-apps/',
  ),
  oauth3lo: source(
    'OAuth 2.0 (3LO) apps (Atlassian Developer)',
    'https://developer.atlassian.com/cloud/confluence/oauth-2-3lo-apps/',
  ),
  gscp: source(
    'Government Security Classifications Policy (GOV.UK)',
    'https://www.gov.uk/government/publications/government-security-classifications/government-security-classifications-policy-html',
  ),
  mojClassification: source(
    'Government Classification Scheme (Ministry of Justice security guidance)',
    'https://security-guidance.service.justice.gov.uk/government-classification-scheme',
  ),
  icoPersonalData: source(
    'What is personal data? (ICO)',
    'https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/personal-information-what-is-it/what-is-personal-data/',
  ),
  icoSecurity: source(
    'A guide to data security (ICO)',
    'https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/security/a-guide-to-data-security',
  ),
  pageRestrictions: source(
    'Add or remove page restrictions (Confluence Cloud)',
    'https://confluence.atlassian.com/confcloud/add-or-remove-page-restrictions-724764891.html',
  ),
  assignSpacePermissions: source(
    'Assign space permissions (Atlassian Support)',
    'https://support.atlassian.com/confluence-cloud/docs/assign-space-permissions/',
  ),
  makeSpacePublic: source(
    'Make a space public (Atlassian Support)',
    'https://support.atlassian.com/confluence-cloud/docs/make-a-space-public/',
  ),
  userClasses: source(
    'What are user classes? (Atlassian Support)',
    'https://support.atlassian.com/confluence-cloud/docs/what-are-user-classes/',
  ),
  roles: source(
    "What are Confluence's roles? (Atlassian Support)",
    'https://support.atlassian.com/confluence-cloud/docs/what-are-confluences-roles/',
  ),
  adminKey: source(
    'Bypass page restrictions with admin key (Atlassian Support)',
    'https://support.atlassian.com/confluence-cloud/docs/bypass-access-restrictions-on-a-page-with-admin-key',
  ),
  recoverPermissions: source(
    "How to give a user or group 'Admin' permissions to all spaces (Atlassian Support)",
    'https://support.atlassian.com/atlassian-cloud/kb/how-to-give-a-user-or-group-admin-permissions-to-all-spaces/',
  ),
  dataResidency: source(
    'Understand data residency (Atlassian Support)',
    'https://support.atlassian.com/security-and-access-policies/docs/understand-data-residency',
  ),
  backupPolicies: source(
    'Manage backup policies (Atlassian Support)',
    'https://support.atlassian.com/organization-administration/docs/manage-backup-policies/',
  ),
  purgeDeleted: source(
    'Purging deleted pages (Confluence documentation)',
    'https://confluence.atlassian.com/display/DOC/Purging+Deleted+Pages',
  ),
  archivePages: source(
    'Archive pages (Atlassian Support)',
    'https://support.atlassian.com/confluence-cloud/docs/archive-pages/',
  ),
  icoFoi: source(
    'What is the Freedom of Information Act? (ICO)',
    'https://ico.org.uk/for-organisations/guide-to-freedom-of-information/what-is-the-foi-act/',
  ),
  foiActSection1: source(
    'Freedom of Information Act 2000, explanatory notes to section 1 (legislation.gov.uk)',
    'https://www.legislation.gov.uk/cy/ukpga/2000/36/notes/division/4/1/1',
  ),
  transparencyReport: source(
    'Transparency Report (Atlassian Trust)',
    'https://www.atlassian.com/trust/privacy/transparency-report',
  ),
  tnaValueOfInformation: source(
    "Understanding the value of your information: 'What to keep' (The National Archives)",
    'https://www.nationalarchives.gov.uk/information-management/projects-and-work/understand-value-information.htm',
  ),
  tnaWhatToKeep: source(
    "Guidance for a 'What to keep' exercise (The National Archives)",
    'https://www.nationalarchives.gov.uk/information-management/projects-and-work/relevant-guidance.htm',
  ),
  spacePermissionsExport: source(
    'Space permissions overview (Confluence documentation)',
    'https://confluence.atlassian.com/plugins/viewsource/viewpagesrc.action?pageId=336169165',
  ),
  profileVisibility: source(
    'Profile visibility (Atlassian Developer)',
    'https://developer.atlassian.com/cloud/bitbucket/profile-visibility/',
  ),
  publicNames: source(
    'Profile visibility settings are now available on Atlassian Cloud (Atlassian)',
    'https://confluence.atlassian.com/cloud/blog/2019/07/profile-visibility-settings-are-now-available-on-atlassian-cloud',
  ),
  ncscIncidentManagement: source('Incident management (NCSC)', 'https://www.ncsc.gov.uk/incident-management'),
  ncscReportIncident: source(
    'Reporting a cyber security incident (NCSC)',
    'https://www.ncsc.gov.uk/articles/get-help-significant-cyber-incident-guidance',
  ),
  icoReportBreach: source(
    'Reporting a personal data breach: privacy notice (ICO)',
    'https://ico.org.uk/global/privacy-notice/report-a-breach-all-controllers/',
  ),
  supportDataAccess: source(
    'Atlassian Cloud support data access request FAQ (Atlassian Support)',
    'https://support.atlassian.com/atlassian-cloud/kb/atlassian-cloud-support-data-access-request-faq/',
  ),
  ncscSecureUse: source(
    'Cloud security principle 14: secure use of the service (NCSC)',
    'https://www.ncsc.gov.uk/collection/cloud/the-cloud-security-principles/principle-14-secure-use-of-the-service',
  ),
  serviceManualCloud: source(
    'Securing your cloud environment for services (GOV.UK Service Manual)',
    'https://gov.uk/service-manual/technology/securing-your-cloud-environment',
  ),
} as const;

/** The way to your own Atlassian account settings, used by several steps. */
const OPEN_ACCOUNT = 'In Confluence, select your profile picture, then Manage account.';

// ---------------------------------------------------------------------------------------------------------------
// Sections

const account: GuidanceSection = {
  id: 'account',
  title: 'Securing your account',
  summary:
    'Your Atlassian account opens every space you can see. Keep it to yourself, protect it with a second step, and say so at once if something looks wrong.',
  items: [
    {
      id: 'strong-password',
      advice: 'Use a strong password that you use nowhere else. A password manager makes this easy.',
      why: 'If a site that shares your password is breached, attackers will try the same password on your Atlassian account. Atlassian recommends a different password for each account and a password manager to create and store them.',
      steps: [
        'If you sign in through your organisation (single sign-on), this applies to your organisation password.',
        'If Atlassian tells you your password appeared in another company’s breach, set a new one straight away.',
      ],
      sources: [S.protectAccount],
    },
    {
      id: 'https-modern-browser',
      advice: 'Only use Confluence over HTTPS, in a supported browser that you keep up to date.',
      why: 'Atlassian encrypts the connection to your Confluence site, so others on the network cannot read what you send. Atlassian supports only the latest versions of browsers.',
      steps: [
        'Check the address starts with https:// and is your organisation’s Confluence address before you sign in.',
        'Turn on automatic updates in your browser.',
      ],
      sources: [S.dataStorageFaq, S.supportedBrowsers],
    },
    {
      id: 'sso-two-step',
      advice:
        'Sign in with your organisation’s single sign-on and its two-step verification. If your site does not use single sign-on, turn on two-step verification for your Atlassian account.',
      why: 'A second step keeps your account safe even if someone learns your password. Single sign-on gives you one set of credentials and lets your organisation apply its own security controls.',
      steps: [
        'With single sign-on, your organisation manages your password: ask your IT team if you need to change it.',
        'Without single sign-on, go to id.atlassian.com/manage-profile/security and select Manage two-step verification.',
        'Enter your password, select Set up and choose an authenticator app, a text message or a security key.',
        'Keep your emergency recovery key somewhere safe. You need it if you lose your second step.',
      ],
      sources: [S.requireSso, S.twoStep, S.personalProfile],
    },
    {
      id: 'report-compromise',
      advice:
        'Tell your Confluence admin and IT security team at once if you think someone else has used your account, or if you lose a device you used Confluence on.',
      why: 'Your organisation’s admins can suspend your access and change your managed account, which limits what someone else can see or do with it. The sooner they know, the less can go wrong.',
      steps: [
        'Reset your password, unless your IT team tells you to do something else.',
        'If Atlassian emails you that your account was locked after failed sign-ins and it was not you, do not unlock it. Reset your password instead.',
        'Report it as a security incident too (see Getting help).',
      ],
      sources: [S.manageUserProfile, S.managedAccountChanges, S.lockedOut],
    },
    {
      id: 'revoke-oauth',
      advice: 'Check which apps you have allowed to use your Atlassian account, and remove any you no longer use.',
      why: 'An app you connect with OAuth can use Atlassian products on your behalf until its access is revoked. You can revoke your own app grants at any time.',
      steps: [
        OPEN_ACCOUNT,
        'Open your connected apps.',
        'Remove access for any app you do not recognise or no longer use.',
      ],
      sources: [S.usersThirdPartyApps, S.oauth3lo],
    },
  ],
};

const data: GuidanceSection = {
  id: 'data',
  title: 'Protecting data',
  summary:
    'Decide who should see each page before you write it. Know who can still see content after you restrict or delete it.',
  items: [
    {
      id: 'no-sensitive-data',
      advice:
        'Do not put sensitive or personal information on Confluence unless your organisation has approved Confluence for that information.',
      why: 'Government information must be protected to the level of its classification, and information marked OFFICIAL-SENSITIVE must be shared strictly on a need-to-know basis. Under UK GDPR, personal data must be kept secure by appropriate technical and organisational measures.',
      steps: [
        'Check your department’s policy on what Confluence may hold before you add anything marked OFFICIAL-SENSITIVE or higher.',
        'Treat any information that identifies a person, directly or when combined with other details, as personal data.',
        'If you are not sure, leave it out and ask your information assurance or data protection team.',
      ],
      sources: [S.gscp, S.mojClassification, S.icoPersonalData, S.icoSecurity],
    },
    {
      id: 'restrict-pages',
      advice: 'Restrict any page that not everyone in the space should see.',
      why: 'A view restriction on a page also applies to every page below it. An edit restriction applies only to the page you set it on, and does not stop people reading it.',
      steps: [
        'Select the restrictions (padlock) icon at the top of the page.',
        'Choose who can view and edit the page, add people or groups, then apply.',
        'Check pages below it: they inherit view restrictions but not edit restrictions.',
      ],
      sources: [S.pageRestrictions],
    },
    {
      id: 'space-permissions',
      advice:
        'Keep spaces closed to anonymous users and to all logged-in users unless the space is meant to be open to them.',
      why: 'Anonymous access lets anyone on the internet view a space without signing in. Giving a role to All Confluence users, or to a default group such as confluence-users, opens the space to everyone with Confluence access on your site.',
      steps: [
        'Open Space settings and check who has access, including groups, guests and anonymous access.',
        'Remove anonymous access unless the space is meant to be public.',
        'Give access to named groups rather than to everyone.',
      ],
      sources: [S.makeSpacePublic, S.assignSpacePermissions, S.userClasses, S.roles],
    },
    {
      id: 'what-admins-see',
      advice: 'Remember that admins can change permissions and can reach content you have restricted.',
      why: 'Confluence and site admins can take back control of any space’s permissions. On Premium and Enterprise plans, organisation admins can use admin key to open restricted pages, which is logged and emailed to the page owner.',
      sources: [S.recoverPermissions, S.adminKey],
    },
    {
      id: 'backups-and-deletion',
      advice: 'Do not rely on deleting a page to make information disappear.',
      why: 'A deleted page goes to the space’s trash and stays there until a space admin purges it. Atlassian keeps daily database backups for 30 days, and your organisation’s admins can take their own backups.',
      steps: [
        'If something was posted by mistake, ask a space admin to delete it and purge it from the trash.',
        'Earlier versions of a page are kept in its version history.',
        'If the content is sensitive or personal, also report it as a security incident.',
      ],
      sources: [S.purgeDeleted, S.dataStorageFaq, S.dataResidency, S.backupPolicies, S.adminKey],
    },
    {
      id: 'foi-and-legal',
      advice: 'Write every page as if it could be released under Freedom of Information or disclosed in a legal case.',
      why: 'The Freedom of Information Act 2000 gives anyone the right to ask a public authority for recorded information it holds, including computer files. Atlassian may disclose customer data when the law requires it, after checking the request is valid and, unless the law forbids it, telling the customer.',
      sources: [S.icoFoi, S.foiActSection1, S.transparencyReport],
    },
  ],
};

const information: GuidanceSection = {
  id: 'information',
  title: 'Managing information',
  summary:
    'Confluence pages can be official records. Keep what your department must keep, control copies, and clear out what it no longer needs.',
  items: [
    {
      id: 'permanent-record',
      advice: 'Treat Confluence pages as part of your department’s record, and follow its records management policy.',
      why: 'Pages that record policy or significant decisions may be of historical value and selected for permanent preservation at The National Archives. As recorded information, they are also covered by the Freedom of Information Act.',
      steps: [
        'Record decisions in the place your records policy names, not only in comments.',
        'Ask your departmental records officer which Confluence content counts as a record.',
      ],
      sources: [S.tnaValueOfInformation, S.icoFoi],
    },
    {
      id: 'exports',
      advice: 'Export pages or spaces only when you need to, and protect the exported files.',
      why: 'People who can view a page can usually export it to PDF or Word, and people with the space export permission can export a whole space. An exported file is a copy outside Confluence, so page restrictions and space permissions no longer protect it.',
      steps: [
        'Store exports only where your department allows that information to be kept.',
        'Delete exports when you no longer need them.',
        'Ask your space admin who has the export permission in your space.',
      ],
      sources: [S.spacePermissionsExport, S.roles, S.gscp],
    },
    {
      id: 'delete-or-archive',
      advice: 'Archive or delete content you no longer need, in line with your department’s retention policy.',
      why: 'Deciding what to keep, and disposing of what you no longer need, is part of good information management. Archiving hides a page from the page tree and quick search, but anyone with access to the space can still open it.',
      steps: [
        'Check your retention schedule before you delete anything that may be a record.',
        'Use archiving for content that must be kept but is no longer current.',
      ],
      sources: [S.archivePages, S.tnaWhatToKeep],
    },
  ],
};

const profile: GuidanceSection = {
  id: 'profile',
  title: 'Your profile',
  summary:
    'Confluence sites can include people from several departments and guests from other organisations. A clear profile tells them who you are and where you work. Use the @mention name FirstLastORGANISATION, for example AlexBlackMOJ.',
  items: [
    {
      id: 'mention-name',
      advice:
        'Set your public name, the name people use to @mention you, to your first and last name followed by your organisation’s code, with no spaces: FirstLastORGANISATION, for example AlexBlackMOJ.',
      why: 'People use your name to find and @mention you, and people outside your organisation may see only your public name. Showing your organisation tells readers who you are, and makes it harder for someone else to pass themselves off as you.',
      steps: [
        OPEN_ACCOUNT,
        'Open Profile and visibility and change your public name.',
        'If you cannot edit it, your organisation manages the field: ask your IT team.',
      ],
      sources: [S.publicNames, S.profileVisibility, S.personalProfile, S.managedAccountChanges],
    },
    {
      id: 'profile-photo',
      advice: 'Add a recent photo that clearly shows your face.',
      why: 'A photo lets people put a face to your name, so they can tell they are working with the right person. It helps people notice an account that is pretending to be you.',
      steps: [
        OPEN_ACCOUNT,
        'Open Profile and visibility and upload a photo.',
        'Check who can see it. For accounts your organisation manages, the photo is hidden from people outside the organisation by default.',
      ],
      sources: [S.personalProfile, S.profileVisibility],
    },
    {
      id: 'job-title',
      advice: 'Add your job title to your profile.',
      why: 'Your job title tells people what you do, so they can judge whether you should be reading, editing or mentioned on a page. It is shown to anyone who can see your profile by default.',
      steps: [
        OPEN_ACCOUNT,
        'Open Profile and visibility and add your job title.',
        'If your organisation manages your account through its identity provider, ask your IT team to update it there.',
      ],
      sources: [S.profileVisibility, S.managedAccountChanges],
    },
  ],
};

const help: GuidanceSection = {
  id: 'help',
  title: 'Getting help',
  summary: 'Know who to ask, and report problems quickly.',
  items: [
    {
      id: 'it-contact',
      advice: `For help using Confluence securely, contact ${IT_CONTACT_TOKEN}.`,
      why: 'Your site admin sets this contact for your organisation. They know your department’s rules and can fix access problems or pass an incident to the right team.',
      sources: [S.ncscIncidentManagement],
    },
    {
      id: 'atlassian-support',
      advice:
        'Use Atlassian’s Confluence Cloud documentation to find out how a feature works. Ask your admin to contact Atlassian Support if something is broken.',
      why: 'Only admins and named contacts can raise support requests with Atlassian and give Atlassian access to your site. Your admin can also check the problem is not caused by your site’s settings.',
      sources: [S.supportDataAccess, S.roles],
    },
    {
      id: 'ncsc-cloud-guidance',
      advice: 'Follow NCSC guidance on using cloud services securely.',
      why: 'The NCSC says that even when a cloud service is secure by default, how you configure and use it is still your responsibility. GOV.UK tells government teams to follow NCSC cloud security guidance when they decide whether a cloud service meets their needs.',
      sources: [S.ncscSecureUse, S.serviceManualCloud],
    },
    {
      id: 'report-incident',
      advice: 'Report any security incident straight away, using your department’s incident process.',
      why: 'A quick report lets your security team contain the damage. If personal data is involved, your organisation may have to tell the ICO without undue delay and, where feasible, within 72 hours.',
      steps: [
        'Incidents include a page shared with the wrong people, sensitive data in an open space, and someone else using your account.',
        'Do not delete evidence before your security team says so.',
        'Your security team decides whether to report the incident to the NCSC or the ICO.',
      ],
      sources: [S.ncscIncidentManagement, S.ncscReportIncident, S.icoReportBreach],
    },
  ],
};

/** Freezes a value and everything it holds, so shared guidance cannot be changed at run time. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The secure-use guidance, in display order: account, data, information, profile, help.
 * Item ids are stable and kebab-case; other code (recommendations, profile findings) refers to them.
 */
export const GUIDANCE: readonly GuidanceSection[] = deepFreeze([account, data, information, profile, help]);

const ITEMS_BY_ID: ReadonlyMap<string, GuidanceItem> = new Map(
  GUIDANCE.flatMap((section) => section.items.map((item) => [item.id, item] as const)),
);

/**
 * Finds a guidance item by its id.
 * @param id a stable item id, such as `restrict-pages`
 * @returns the item, or `undefined` when no item has that id
 */
export function findGuidanceItem(id: string): GuidanceItem | undefined {
  return ITEMS_BY_ID.get(id);
}
