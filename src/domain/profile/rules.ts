import type { ProfileFinding, ProfileRule } from '../../shared/api';

/**
 * The profile conventions: an @mention name (Confluence `publicName`) of the form `FirstLastORGANISATION`
 * (e.g. `AlexBlackMOJ`), a recognisable photo, and a job title. Pure functions; the guidance items
 * `mention-name`, `profile-photo` and `job-title` explain why.
 */

/** Why each rule matters, one line each (from the guidance). */
export const RULE_WHY: Record<ProfileRule, string> = {
  'mention-name':
    'Your first and last name followed by your organisation code tells everyone who you are and where you work, so nobody mistakes you for someone else or shares with the wrong person.',
  photo: 'A recognisable photo helps colleagues spot an account that is not who it claims to be.',
  'job-title': 'Your job title tells people what you do, so they know what you should see and what to ask you.',
};

/** A letter (any script), or a combining mark that belongs to the letter before it. */
const UPPER = /\p{Lu}|\p{Lt}/u;
const LOWER_OR_MARK = /[\p{Ll}\p{Lm}\p{Lo}\p{M}]/u;
const CONNECTOR = /^['’-]$/u;

/** Why a mention name fails, most fundamental first. */
export type MentionProblem =
  | 'empty'
  | 'spaces'
  | 'digits'
  | 'symbols'
  | 'code-missing'
  | 'code-lower-case'
  | 'code-misplaced'
  | 'several-codes'
  | 'code-separated'
  | 'name-case'
  | 'name-too-short'
  | 'display-name-mismatch';

/** The result of checking a mention name. `code` is the organisation code found at the end, if any. */
export interface MentionCheck {
  ok: boolean;
  problems: MentionProblem[];
  code: string | null;
  /** The name part (without the code) when it could be separated. */
  namePart: string | null;
  /**
   * The configured code the person evidently uses, even when it is in the wrong place or case (`AlexBlackHmrc`,
   * `HMRCAlexBlack` → `HMRC`), so a suggestion keeps their organisation. Null when none appears.
   */
  usedCode: string | null;
}

/**
 * Splits a name part into words at capitals: `O'BrienSmith-Jones` → [`O'Brien`, `Smith-Jones`]. Returns null
 * when the text is not a run of capitalised words (a word starts with a capital; after a hyphen or apostrophe
 * a capital may follow, as in `Smith-Jones` and `O'Brien`).
 */
export function splitWords(text: string): string[] | null {
  const chars = [...text.normalize('NFC')];
  const words: string[] = [];
  let current = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const prev = chars[i - 1] ?? '';
    if (UPPER.test(ch)) {
      if (current === '' || CONNECTOR.test(prev)) current += ch;
      else {
        words.push(current);
        current = ch;
      }
    } else if (LOWER_OR_MARK.test(ch)) {
      if (current === '') return null; // a word must start with a capital
      current += ch;
    } else if (CONNECTOR.test(ch)) {
      if (current === '' || CONNECTOR.test(prev)) return null;
      current += ch;
    } else return null;
  }
  if (current === '' || CONNECTOR.test(chars[chars.length - 1] ?? '')) return null;
  words.push(current);
  // Every word needs a small letter after its capital: `ALEX` or a lone initial is not a name written as one.
  return words.every((w) => [...w].some((ch) => LOWER_OR_MARK.test(ch))) ? words : null;
}

/**
 * The person's name as a display name gives it, in given-name-first order, and an organisation code the display
 * name carries, if any. Handles the forms directory synchronisation often produces:
 * `Black, Alex` → `Alex Black`; `Alex Black (MOJ)`, `Alex Black [MOJ]`, `Alex Black - MOJ`, `Alex Black MOJ` →
 * `Alex Black` with code `MOJ` (when MOJ is one of `orgCodes`; any bracketed text is dropped either way);
 * an email address `alex.black@justice.gov.uk` → `alex black` (its local part).
 */
export function normaliseDisplayName(displayName: string, orgCodes: readonly string[]): { name: string; code: string | null } {
  let name = displayName.normalize('NFC').trim();
  let code: string | null = null;
  const email = /^([^\s@]+)@[^\s@]+\.[^\s@]+$/u.exec(name);
  if (email) name = (email[1] ?? '').replace(/[._+]+/gu, ' ');
  // Bracketed parts: a configured code among what is inside is the person's code (`(MoJ)`, `(Contractor, MOJ)`);
  // any other bracketed text is not their name.
  name = name.replace(/[([{]([^)\]}]*)[)\]}]/gu, (_, inner: string) => {
    for (const item of inner.split(/[\s,;/|]+/u)) {
      const upper = item.trim().toUpperCase();
      if (code === null && orgCodes.includes(upper)) code = upper;
    }
    return ' ';
  });
  // A spaced dash or bar ends the name: what follows is a team, a role or a code (`Alex Black - Moj`,
  // `Alex Black | HR`, `Alex Black - MOJ Digital`); a code among those words is the person's. (`Lee-Ho` has no spaces.)
  const separated = /^(.*?)\s+[-–—|/]\s*(.*)$/u.exec(name.trim());
  if (separated && (separated[1] ?? '').trim() !== '') {
    for (const word of (separated[2] ?? '').split(/[\s,;]+/u)) {
      const upper = word.toUpperCase();
      if (code === null && orgCodes.includes(upper)) code = upper;
    }
    name = separated[1] ?? name;
  }
  // A code as the last word, in capitals (`Alex Black MOJ`).
  const spaced = /^(.*?)\s+([\p{Lu}]{2,})$/u.exec(name.trim());
  if (spaced && orgCodes.includes(spaced[2] ?? '')) {
    code ??= spaced[2] ?? null;
    name = spaced[1] ?? name;
  }
  // `Surname, Given Middle` (exactly one comma) → `Given Middle Surname`.
  // Honours after a comma (`Alex Black, PhD`) are dropped first, so the comma is not read as surname first.
  name = name.replace(/,((?:\s*[\p{L}.]+)+)\s*$/u, (whole, tail: string) =>
    tail
      .trim()
      .split(/\s+/u)
      .every((w) => HONOURS.has(w.replace(/[.,]/gu, '').toLowerCase()))
      ? ''
      : whole,
  );
  const parts = name.split(',');
  if (parts.length === 2 && (parts[0] ?? '').trim() !== '' && (parts[1] ?? '').trim() !== '') name = `${(parts[1] ?? '').trim()} ${(parts[0] ?? '').trim()}`;
  // Titles before the name and honours or qualifications after it are not part of the @mention name.
  name = stripTitlesAndHonours(name.replace(/,/gu, ' ').replace(/\s+/gu, ' ').trim());
  return { name, code };
}

/** Whether position `at` of `text` starts a word: a capital, or a letter after something that is not a letter. */
function startsWord(text: string, at: number): boolean {
  const chars = [...text];
  const offset = [...text.slice(0, at)].length;
  const ch = chars[offset] ?? '';
  const before = chars[offset - 1] ?? '';
  return UPPER.test(ch) || before === '' || !/\p{L}/u.test(before);
}

/** Titles that can come before a name (`Dr Alex Black`, `Mr. Alex Black`). */
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'rev', 'revd', 'reverend', 'cllr', 'hon', 'rt']);
/** Honours, qualifications and suffixes that can come after a name (`Alex Black OBE`, `Alex Black, PhD`). */
const HONOURS = new Set(['obe', 'mbe', 'cbe', 'kbe', 'dbe', 'cb', 'cmg', 'kcb', 'qc', 'kc', 'mp', 'frs', 'phd', 'dphil', 'md', 'msc', 'bsc', 'ma', 'ba', 'mba', 'llb', 'jr', 'sr', 'ii', 'iii']);

function stripTitlesAndHonours(name: string): string {
  const words = name.split(/\s+/u).filter((w) => w !== '');
  const bare = (w: string): string => w.replace(/[.,]/gu, '').toLowerCase();
  // Keep at least two words: `Miss Ng` stays a name if that is all there is.
  while (words.length > 2 && TITLES.has(bare(words[0] ?? ''))) words.shift();
  while (words.length > 2 && HONOURS.has(bare(words[words.length - 1] ?? ''))) words.pop();
  return words.join(' ').replace(/,\s*$/u, '');
}

/**
 * True when the mention name's words are the display name's words, or leave out only middle names (first and
 * last kept, order kept). Display names that give no two-word name cannot be compared, so they match.
 */
/** A name without accents, apostrophes or hyphens, for comparing (`Seán O’Brien-Smith` ~ `SeanOBrienSmith`). */
function fold(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').replace(/['’-]/gu, '');
}

function matchesDisplayName(words: readonly string[], displayName: string, orgCodes: readonly string[]): boolean {
  const expected = suggestNamePart(normaliseDisplayName(displayName, orgCodes).name);
  if (expected === null) return true;
  const wanted = splitWords(expected);
  if (wanted === null) return true;
  if (words.join('') === expected || fold(words.join('')) === fold(expected)) return true;
  if (words[0] !== wanted[0] || words[words.length - 1] !== wanted[wanted.length - 1]) return false;
  let i = 0;
  for (const w of wanted) if (w === words[i]) i++;
  return i === words.length;
}

/**
 * Checks a mention name against the convention.
 * @param orgCodes accepted organisation codes (upper case)
 * @param displayName the person's display name, when known: the name part should match it
 */
export function checkMentionName(publicName: string, orgCodes: readonly string[], displayName?: string | null): MentionCheck {
  const name = publicName.normalize('NFC').trim();
  const problems: MentionProblem[] = [];
  if (name === '') return { ok: false, problems: ['empty'], code: null, namePart: null, usedCode: null };
  if (/\s/u.test(name)) problems.push('spaces');
  if (/\p{N}/u.test(name)) problems.push('digits');
  if (/[^\p{L}\p{M}\p{N}\s'’-]/u.test(name)) problems.push('symbols');

  const codes = [...orgCodes].sort((a, b) => b.length - a.length);
  const compact = name.replace(/\s+/gu, '');
  const code = codes.find((c) => compact.endsWith(c)) ?? null;
  if (code === null) {
    // A code in the wrong case starts a word of its own (`AlexBlackHmrc`, `alex.black.moj`), or is a code of three
    // letters or more after a whole name (`AlexBlackmoj`); letters that merely end a name (`MarcoFranco` with code
    // CO, `SarahCho` with HO) are not a code.
    const lower =
      codes.find(
        (c) =>
          compact.toUpperCase().endsWith(c) &&
          (startsWord(compact, compact.length - c.length) || (c.length >= 3 && (splitWords(compact.slice(0, compact.length - c.length))?.length ?? 0) >= 2)),
      ) ?? null;
    const misplaced = codes.find((c) => compact.startsWith(c)) ?? codes.find((c) => compact.includes(c)) ?? null;
    if (lower) problems.push('code-lower-case');
    else if (misplaced) problems.push('code-misplaced');
    else problems.push('code-missing');
    return { ok: false, problems: unique(problems), code: null, namePart: null, usedCode: lower ?? misplaced };
  }
  const namePart = compact.slice(0, compact.length - code.length);
  if (/['’_-]$/u.test(namePart)) problems.push('code-separated');
  if (codes.some((c) => namePart.endsWith(c)) || codes.some((c) => namePart.startsWith(c) && namePart.length > c.length && UPPER.test([...namePart][c.length] ?? ''))) {
    problems.push('several-codes');
  }
  const words = splitWords(namePart.replace(/\p{N}/gu, '').replace(/['’_-]+$/u, ''));
  if (words === null) {
    if (!problems.some((p) => p === 'symbols' || p === 'digits' || p === 'several-codes' || p === 'code-separated')) problems.push('name-case');
  } else if (words.length < 2) problems.push('name-too-short');
  if (problems.length === 0 && words !== null && displayName && !matchesDisplayName(words, displayName, orgCodes)) problems.push('display-name-mismatch');
  return { ok: problems.length === 0, problems: unique(problems), code, namePart, usedCode: code };
}

/**
 * Builds the name part of a conforming mention name from a display name: each word capitalised and run
 * together, hyphens and apostrophes kept, anything else dropped. `Seán  o'brien-smith` → `SeánO'Brien-Smith`.
 * @returns null when fewer than two words remain
 */
export function suggestNamePart(displayName: string): string | null {
  const words = displayName
    .normalize('NFC')
    .split(/[\s._]+/u)
    .map((w) => w.replace(/[^\p{L}\p{M}'’-]/gu, '').replace(/^['’-]+|['’-]+$/gu, '').replace(/(['’-])['’-]+/gu, '$1'))
    .filter((w) => [...w].some((ch) => /\p{L}/u.test(ch)))
    .map(capitaliseWord);
  if (words.length < 2) return null;
  const joined = words.join('');
  return splitWords(joined) ? joined : null;
}

function capitaliseWord(word: string): string {
  // Keep the person's own capitals (McDonald, O'Brien) when they make a valid name; otherwise write the word
  // as a name: a capital first and after each hyphen or apostrophe, small letters elsewhere (ALEX → Alex).
  const kept = capitalise(word, false);
  return splitWords(kept) ? kept : capitalise(word, true);
}

/** The capital form of a word's first letter (one letter: `ß` → `ẞ`, never `SS`). */
function upperInitial(ch: string): string {
  if (ch === 'ß') return 'ẞ';
  const upper = ch.toUpperCase();
  return [...upper].length === 1 ? upper : ch;
}

function capitalise(word: string, lowerRest: boolean): string {
  let out = '';
  let start = true;
  for (const ch of word) {
    if (start && /\p{L}/u.test(ch)) {
      out += upperInitial(ch);
      start = false;
    } else {
      out += lowerRest ? ch.toLowerCase() : ch;
      if (CONNECTOR.test(ch)) start = true;
    }
  }
  return out;
}

/** Who the suggestion is for: a guest must not be told to take the host organisation's code. */
export interface SuggestionOptions {
  /** A code the person already uses (in their mention name), preferred when it is configured. */
  preferredCode?: string | null;
  /** A guest or external collaborator: only a code they already use is suggested, never the first configured. */
  guest?: boolean;
}

/**
 * A conforming mention name for a person: the display name's words run together plus an organisation code —
 * the one they already use, else one their display name carries, else (not for guests) the first configured.
 * Null when no two-word name can be built or no code can be chosen for them.
 */
export function suggestMentionName(displayName: string | null | undefined, orgCodes: readonly string[], options: SuggestionOptions = {}): string | null {
  return suggestion(displayName, orgCodes, options)?.name ?? null;
}

/** The suggestion and how its code was chosen (`default`: the first of several configured codes). */
function suggestion(displayName: string | null | undefined, orgCodes: readonly string[], options: SuggestionOptions): { name: string; codeFrom: 'own' | 'only' | 'default' } | null {
  if (!displayName) return null;
  const normalised = normaliseDisplayName(displayName, orgCodes);
  let code: string | undefined;
  let codeFrom: 'own' | 'only' | 'default';
  if (options.preferredCode && orgCodes.includes(options.preferredCode)) [code, codeFrom] = [options.preferredCode, 'own'];
  else if (normalised.code !== null) [code, codeFrom] = [normalised.code, 'own'];
  else if (options.guest) return null;
  else [code, codeFrom] = [orgCodes[0], orgCodes.length === 1 ? 'only' : 'default'];
  if (!code) return null;
  const namePart = suggestNamePart(normalised.name);
  if (namePart === null) return null;
  const candidate = namePart + code;
  return checkMentionName(candidate, orgCodes).ok ? { name: candidate, codeFrom } : null;
}

const PROBLEM_TEXT: Record<MentionProblem, string> = {
  empty: 'You have no @mention name.',
  spaces: 'Your @mention name has spaces in it.',
  digits: 'Your @mention name has numbers in it.',
  symbols: 'Your @mention name has symbols other than a hyphen or an apostrophe.',
  'code-missing': 'Your @mention name does not end with your organisation code.',
  'code-lower-case': 'The organisation code at the end of your @mention name should be in capitals.',
  'code-misplaced': 'Your organisation code should come at the end of your @mention name, not before it.',
  'several-codes': 'Your @mention name should end with one organisation code only.',
  'code-separated': 'Put your organisation code straight after your name, with nothing in between.',
  'name-case': 'Each part of your name should start with a capital letter, with no spaces or dots.',
  'name-too-short': 'Your @mention name should include your first name and your last name.',
  'display-name-mismatch': 'Your @mention name does not match your full name.',
};

/** What a person's own profile looks like to the rules. `jobTitle` undefined means it could not be read. */
export interface ProfileFacts {
  publicName: string;
  /** A guest or external collaborator (their organisation is not the host's). */
  guest?: boolean;
  displayName: string | null;
  photoIsDefault: boolean | null;
  /** `known`: has one; `empty`: definitely none; `unknown`: hidden, unavailable or refused (never a finding). */
  jobTitle: 'known' | 'empty' | 'unknown';
}

/** Which rules are switched on (organisation settings). */
export interface RuleSwitches {
  mentionName: boolean;
  photo: boolean;
  jobTitle: boolean;
}

/**
 * Every finding for one profile, in rule order. A job title that could not be read is never a finding, and the
 * @mention name is not judged until the organisation has named its codes.
 */
export function evaluateProfile(facts: ProfileFacts, orgCodes: readonly string[], rules: RuleSwitches): ProfileFinding[] {
  const findings: ProfileFinding[] = [];
  if (rules.mentionName && orgCodes.length > 0) {
    // A guest belongs to another organisation: the code they end with (any run of capitals) is accepted as theirs.
    const guestCode = facts.guest ? guestOwnCode(facts.publicName, facts.displayName) : null;
    const codes = guestCode !== null && !orgCodes.includes(guestCode) ? [...orgCodes, guestCode] : orgCodes;
    const check = checkMentionName(facts.publicName, codes, facts.displayName);
    if (!check.ok) {
      const suggested = suggestion(facts.displayName, codes, { preferredCode: check.usedCode, guest: facts.guest === true });
      const note = facts.guest && !suggested
        ? 'As a guest, end it with your own organisation’s code, not the code of the organisation you are visiting.'
        : suggested?.codeFrom === 'default'
          ? `Use your own organisation’s code: one of ${orgCodes.join(', ')}.`
          : undefined;
      findings.push({
        rule: 'mention-name',
        problem: check.problems.map((p) => PROBLEM_TEXT[p]).join(' '),
        why: RULE_WHY['mention-name'],
        ...(facts.publicName.trim() !== '' ? { current: facts.publicName } : {}),
        ...(suggested ? { suggestion: suggested.name } : {}),
        ...(note ? { note } : {}),
      });
    }
  }
  if (rules.photo && facts.photoIsDefault === true) {
    findings.push({ rule: 'photo', problem: 'You have not added a profile photo.', why: RULE_WHY.photo });
  }
  if (rules.jobTitle && facts.jobTitle === 'empty') {
    findings.push({ rule: 'job-title', problem: 'Your profile has no job title.', why: RULE_WHY['job-title'] });
  }
  return findings;
}

/**
 * The run of 2 to 10 capital letters a guest's mention name ends with (`SamTaylorACME` → `ACME`), if any — unless
 * it is a word of their own name in capitals (`SamJOHNSON` for Sam Johnson).
 */
function guestOwnCode(publicName: string, displayName: string | null): string | null {
  const code = /\p{Ll}([A-Z]{2,10})$/u.exec(publicName.normalize('NFC').trim())?.[1] ?? null;
  if (code === null) return null;
  const nameWords = (displayName ?? '').toUpperCase().split(/[^\p{L}]+/u);
  return nameWords.includes(code) ? null : code;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
