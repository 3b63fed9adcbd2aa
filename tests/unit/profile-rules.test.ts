import fc from 'fast-check';
import { checkMentionName, evaluateProfile, normaliseDisplayName, splitWords, suggestMentionName, type MentionProblem } from '../../src/domain/profile/rules';

const CODES = ['MOJ', 'HMRC', 'DWP', 'GDS', 'HO'];

/** [publicName, displayName (or null), expected problems ([] = conforms)] */
const TABLE: [string, string | null, MentionProblem[]][] = [
  // Conforming: ASCII
  ['AlexBlackMOJ', 'Alex Black', []],
  ['AlexBlackMOJ', null, []],
  ['PriyaShahHMRC', 'Priya Shah', []],
  ['ChrisGreenDWP', 'Chris Green', []],
  ['SamTaylorGDS', 'Sam Taylor', []],
  ['AmaraOkaforHO', 'Amara Okafor', []],
  ['AlexMcDonaldMOJ', 'Alex McDonald', []],
  ['MaryAnnSmithMOJ', 'Mary Ann Smith', []],
  ['AlexBlackMOJ', 'Alex James Black', []], // middle name left out
  ['AlexJamesBlackMOJ', 'Alex James Black', []],
  // Conforming: letters beyond ASCII
  ['SeánMurphyMOJ', 'Seán Murphy', []],
  ['ZoëLukasHMRC', 'Zoë Lukas', []],
  ['ŁukaszNowakDWP', 'Łukasz Nowak', []],
  ['ÉloïseDupontGDS', 'Éloïse Dupont', []],
  ['BjörnÅströmMOJ', 'Björn Åström', []],
  ['ÖzlemYılmazHMRC', 'Özlem Yılmaz', []],
  ['NiamhNíBhriainMOJ', 'Niamh Ní Bhriain', []],
  ['ZoëŁukasz-NíBhriainGDS', 'Zoë Łukasz-Ní Bhriain', []],
  ['DmitriПетровMOJ', null, []],
  // Conforming: hyphens and apostrophes
  ['AnnaSmith-JonesGDS', 'Anna Smith-Jones', []],
  ["TomO'BrienMOJ", "Tom O'Brien", []],
  ['TomO’BrienMOJ', 'Tom O’Brien', []],
  ['Jean-LucPicardGDS', 'Jean-Luc Picard', []],
  ["MaryO'Sullivan-HughesDWP", "Mary O'Sullivan-Hughes", []],
  ["D'ArcyMorganHO", "D'Arcy Morgan", []],
  // Spaces, digits, symbols
  ['Alex Black MOJ', 'Alex Black', ['spaces']],
  ['AlexBlack MOJ', null, ['spaces']],
  [' AlexBlackMOJ ', null, []], // surrounding whitespace is trimmed
  ['AlexBlack2MOJ', null, ['digits']],
  ['Alex1BlackMOJ', null, ['digits']],
  ['AlexBlackMOJ2', null, ['digits', 'code-misplaced']],
  ['alex.black', 'Alex Black', ['symbols', 'code-missing']],
  ['Alex.BlackMOJ', null, ['symbols']],
  ['AlexBlack@MOJ', null, ['symbols']],
  ['AlexBlack_MOJ', null, ['symbols', 'code-separated']],
  ['AlexBlack-MOJ', null, ['code-separated']],
  ["AlexBlack'MOJ", null, ['code-separated']],
  // Code missing, lower case, misplaced, several
  ['AlexBlack', 'Alex Black', ['code-missing']],
  ['Alex', null, ['code-missing']],
  ['AlexBlackmoj', null, ['code-lower-case']],
  ['AlexBlackMoj', null, ['code-lower-case']],
  ['AlexBlackhmrc', null, ['code-lower-case']],
  ['MOJAlexBlack', null, ['code-misplaced']],
  ['AlexMOJBlack', null, ['code-misplaced']],
  ['HMRCAlexBlack', null, ['code-misplaced']],
  ['AlexBlackHMRCMOJ', null, ['several-codes']],
  ['AlexBlackMOJMOJ', null, ['several-codes']],
  ['AlexBlackGDSDWP', null, ['several-codes']],
  ['AlexBlackXYZ', null, ['code-missing']],
  ['AlexBlackMOD', null, ['code-missing']],
  // Name shape
  ['alexBlackMOJ', null, ['name-case']],
  ['alexblackMOJ', null, ['name-case']],
  ['ALEXBLACKMOJ', null, ['name-case']],
  ['AlexBLACKMOJ', null, ['name-case']],
  ['AlexJBlackMOJ', null, ['name-case']],
  ['AlexMOJ', null, ['name-too-short']],
  ['Alex-BlackMOJ', null, ['name-too-short']],
  ['MOJ', null, ['name-case']],
  ['', null, ['empty']],
  ['   ', null, ['empty']],
  // Display name mismatch
  ['AlexBlackMOJ', 'Alexandra Black', ['display-name-mismatch']],
  ['BlackAlexMOJ', 'Alex Black', ['display-name-mismatch']],
  ['SeanMurphyMOJ', 'Seán Murphy', []], // accents may be left out (not everyone can type them)
  ['AlexWhiteMOJ', 'Alex Black', ['display-name-mismatch']],
  ['AlexMOJ', 'Alex Black', ['name-too-short']],
  ['AlexBlackMOJ', 'alex.black', []], // display name written loosely still matches
  ['AlexBlackMOJ', 'Prince', []], // one-word display names cannot be compared
];

describe('mention name rule', () => {
  it('has a table of at least 60 names', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
  });

  it.each(TABLE)('%j (display %j) → %j', (publicName, displayName, problems) => {
    const check = checkMentionName(publicName, CODES, displayName);
    expect(check.problems).toEqual(problems);
    expect(check.ok).toBe(problems.length === 0);
  });

  it('finds the longest matching code and separates the name part', () => {
    expect(checkMentionName('AlexBlackHMRC', CODES)).toMatchObject({ ok: true, code: 'HMRC', namePart: 'AlexBlack' });
    expect(checkMentionName('AlexBlackHO', CODES)).toMatchObject({ ok: true, code: 'HO' });
  });
});

describe('suggested mention names', () => {
  it.each([
    ['Alex Black', 'AlexBlackMOJ'],
    ['alex.black', 'AlexBlackMOJ'],
    ['ALEX BLACK', 'AlexBlackMOJ'],
    ["seán o'brien-smith", "SeánO'Brien-SmithMOJ"],
    ['Zoë Łukasz-Ní Bhriain', 'ZoëŁukasz-NíBhriainMOJ'],
    ['  Priya   Shah  ', 'PriyaShahMOJ'],
    ['Alex Black (contractor)', 'AlexBlackMOJ'],
    // Forms directory synchronisation produces: surname first, a code in brackets or after a dash, an email.
    ['Black, Alex', 'AlexBlackMOJ'],
    ["O'Brien-Smith, Seán Patrick", "SeánPatrickO'Brien-SmithMOJ"],
    ['Alex Black (HMRC)', 'AlexBlackHMRC'],
    ['Alex Black [DWP]', 'AlexBlackDWP'],
    ['Alex Black - GDS', 'AlexBlackGDS'],
    ['Alex Black HMRC', 'AlexBlackHMRC'],
    ['Black, Alex (HMRC)', 'AlexBlackHMRC'],
    ['alex.black@justice.gov.uk', 'AlexBlackMOJ'],
    ['alex_black@hmrc.gov.uk', 'AlexBlackMOJ'],
    ['Prince', null],
    ['', null],
    ['12345 678', null],
  ])('%j → %j', (display, expected) => {
    expect(suggestMentionName(display, CODES)).toBe(expected);
  });

  it('keeps the code the person already uses', () => {
    expect(suggestMentionName('Alex Black', CODES, { preferredCode: 'HMRC' })).toBe('AlexBlackHMRC');
    expect(suggestMentionName('Alex Black', CODES, { preferredCode: 'NOPE' })).toBe('AlexBlackMOJ');
    // The code already in the mention name wins over one in the display name.
    expect(suggestMentionName('Alex Black (DWP)', CODES, { preferredCode: 'HMRC' })).toBe('AlexBlackHMRC');
  });

  it('keeps the organisation a person evidently uses, even in the wrong case or place', () => {
    expect(checkMentionName('AlexBlackHmrc', ['MOJ', 'HMRC']).usedCode).toBe('HMRC');
    expect(checkMentionName('HMRCAlexBlack', ['MOJ', 'HMRC']).usedCode).toBe('HMRC');
    for (const name of ['AlexBlackHmrc', 'HMRCAlexBlack']) {
      const [finding] = evaluateProfile({ publicName: name, displayName: 'Alex Black', photoIsDefault: false, jobTitle: 'known' }, ['MOJ', 'HMRC'], { mentionName: true, photo: true, jobTitle: true });
      expect(finding?.suggestion).toBe('AlexBlackHMRC');
      expect(finding?.note).toBeUndefined();
    }
  });

  it('leaves titles and honours out of the name', () => {
    for (const display of ['Dr Alex Black', 'Mr. Alex Black', 'Alex Black OBE', 'Prof. Alex Black, PhD', 'Alex Black Jr', 'Alex Black - Moj', 'Black, Alex (Contractor, MOJ)']) {
      expect(checkMentionName('AlexBlackMOJ', CODES, display)).toMatchObject({ ok: true });
      expect(suggestMentionName(display, CODES)).toBe('AlexBlackMOJ');
    }
    expect(suggestMentionName('Miss Ng', CODES)).toBe('MissNgMOJ'); // two words are all there is: kept
    for (const display of ['Black, Dr Alex', 'Alex Black - Contractor', 'Alex Black | HR', 'Alex Black - MOJ Digital']) {
      expect(checkMentionName('AlexBlackMOJ', CODES, display)).toMatchObject({ ok: true });
      expect(suggestMentionName(display, CODES)).toBe('AlexBlackMOJ');
    }
  });

  it('does not take the last letters of a name for a code, nor split a hyphenated surname at a code', () => {
    expect(checkMentionName('MarcoFranco', ['HMRC', 'CO']).problems).toEqual(['code-missing']);
    expect(checkMentionName('SarahCho', ['MOJ', 'HO']).problems).toEqual(['code-missing']);
    expect(checkMentionName('AnnLee-HoMOJ', ['MOJ', 'HO'], 'Ann Lee-Ho')).toMatchObject({ ok: true });
    expect(suggestMentionName('Ann Lee-Ho', ['MOJ', 'HO'])).toBe('AnnLee-HoMOJ');
  });

  it('matches names written without accents, hyphens or curly apostrophes', () => {
    expect(checkMentionName('JoseGarciaLopezMOJ', CODES, 'José García-López')).toMatchObject({ ok: true });
    expect(checkMentionName('SeánO’Brien-SmithMOJ', CODES, "Seán O'Brien-Smith")).toMatchObject({ ok: true });
  });

  it('does not take a guest’s surname in capitals for their organisation code', () => {
    const [finding] = evaluateProfile({ publicName: 'SamJOHNSON', guest: true, displayName: 'Sam Johnson', photoIsDefault: false, jobTitle: 'known' }, CODES, {
      mentionName: true,
      photo: true,
      jobTitle: true,
    });
    expect(finding?.rule).toBe('mention-name');
    expect(finding?.suggestion).toBeUndefined();
  });

  it('never gives a guest the host organisation’s code: only a code they already use', () => {
    expect(suggestMentionName('Sam Taylor', CODES, { guest: true })).toBeNull();
    expect(suggestMentionName('Sam Taylor (HMRC)', CODES, { guest: true })).toBe('SamTaylorHMRC');
    expect(suggestMentionName('Sam Taylor', CODES, { guest: true, preferredCode: 'DWP' })).toBe('SamTaylorDWP');
  });

  it('reads display names in the forms directories produce', () => {
    expect(normaliseDisplayName('Black, Alex', CODES)).toEqual({ name: 'Alex Black', code: null });
    expect(normaliseDisplayName('Alex Black (MOJ)', CODES)).toEqual({ name: 'Alex Black', code: 'MOJ' });
    expect(normaliseDisplayName('Alex Black (Contractor)', CODES)).toEqual({ name: 'Alex Black', code: null });
    expect(normaliseDisplayName('Alex Black - HMRC', CODES)).toEqual({ name: 'Alex Black', code: 'HMRC' });
    expect(normaliseDisplayName('Alex Black NASA', CODES)).toEqual({ name: 'Alex Black NASA', code: null });
    expect(normaliseDisplayName('alex.black@justice.gov.uk', CODES)).toEqual({ name: 'alex black', code: null });
    expect(normaliseDisplayName('Prince', CODES)).toEqual({ name: 'Prince', code: null });
  });

  it('matches a correct mention name against those display names, and catches a code written into the name', () => {
    for (const display of ['Black, Alex', 'Alex Black (MOJ)', 'Alex Black - MOJ', 'alex.black@justice.gov.uk', 'BLACK, ALEX']) {
      expect(checkMentionName('AlexBlackMOJ', CODES, display)).toMatchObject({ ok: true, problems: [] });
    }
    expect(checkMentionName('BlackAlexMOJ', CODES, 'Black, Alex').problems).toEqual(['display-name-mismatch']);
    expect(checkMentionName('AlexBlackMojMOJ', CODES, 'Alex Black (MOJ)').problems).toEqual(['display-name-mismatch']);
  });

  it('always suggests a conforming name, for any display name and code list', () => {
    const code = fc.stringMatching(/^[A-Z]{2,6}$/);
    const display = fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('Seán', "o'brien", 'Smith-Jones', 'ŁUKASZ', 'zoë', '  ', '.', 'Ní')), { maxLength: 5 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(display, fc.uniqueArray(code, { minLength: 1, maxLength: 4 }), (name, codes) => {
        const suggestion = suggestMentionName(name, codes);
        if (suggestion !== null) {
          const check = checkMentionName(suggestion, codes, name);
          expect(check).toMatchObject({ ok: true });
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('suggests something for every two-word name in a cased script', () => {
    // Letters with a one-letter capital form to start the word (ĸ has none; ŉ's is two characters).
    const word = fc.stringMatching(/^[A-Za-zÀ-ÖØ-öø-ÿĀ-ž]{2,10}$/).filter((w) => {
      const first = [...w][0] ?? '';
      const upper = first.toUpperCase();
      return (upper !== first.toLowerCase() && [...upper].length === 1) || first === 'ß';
    });
    fc.assert(
      fc.property(word, word, (first, last) => {
        expect(suggestMentionName(`${first} ${last}`, ['GDS'])).not.toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});

describe('splitting names into words', () => {
  it('splits at capitals and keeps hyphen and apostrophe joins', () => {
    expect(splitWords("TomO'BrienSmith-Jones")).toEqual(['Tom', "O'Brien", 'Smith-Jones']);
    expect(splitWords('alex')).toBeNull();
    expect(splitWords('Alex-')).toBeNull();
  });
});

describe('evaluating a profile', () => {
  const on = { mentionName: true, photo: true, jobTitle: true };
  it('reports every broken rule with why and a suggestion', () => {
    const findings = evaluateProfile({ publicName: 'alex.black', displayName: 'Alex Black', photoIsDefault: true, jobTitle: 'empty' }, CODES, on);
    expect(findings.map((f) => f.rule)).toEqual(['mention-name', 'photo', 'job-title']);
    expect(findings[0]?.suggestion).toBe('AlexBlackMOJ');
    expect(findings.every((f) => f.why.length > 20)).toBe(true);
  });

  it('shows the current @mention name, and says which code to use when the organisation has several', () => {
    const [finding] = evaluateProfile({ publicName: 'alex.black', displayName: 'Alex Black', photoIsDefault: false, jobTitle: 'known' }, CODES, on);
    expect(finding).toMatchObject({ rule: 'mention-name', current: 'alex.black', suggestion: 'AlexBlackMOJ', note: 'Use your own organisation’s code: one of MOJ, HMRC, DWP, GDS, HO.' });
    const [only] = evaluateProfile({ publicName: 'alex.black', displayName: 'Alex Black', photoIsDefault: false, jobTitle: 'known' }, ['MOJ'], on);
    expect(only).toMatchObject({ suggestion: 'AlexBlackMOJ' });
    expect(only?.note).toBeUndefined();
    const [own] = evaluateProfile({ publicName: 'Alex Black HMRC', displayName: 'Alex Black', photoIsDefault: false, jobTitle: 'known' }, CODES, on);
    expect(own).toMatchObject({ suggestion: 'AlexBlackHMRC' });
    expect(own?.note).toBeUndefined();
  });

  it('tells a guest to use their own organisation’s code instead of suggesting the host’s', () => {
    const [finding] = evaluateProfile({ publicName: 'sam.taylor', guest: true, displayName: 'Sam Taylor', photoIsDefault: false, jobTitle: 'known' }, CODES, on);
    expect(finding?.rule).toBe('mention-name');
    expect(finding?.suggestion).toBeUndefined();
    expect(finding?.note).toMatch(/your own organisation’s code, not the code of the organisation you are visiting/);
  });

  it('accepts a guest’s own organisation code, which the host has not configured', () => {
    const on = { mentionName: true, photo: true, jobTitle: true };
    expect(evaluateProfile({ publicName: 'SamTaylorACME', guest: true, displayName: 'Sam Taylor', photoIsDefault: false, jobTitle: 'known' }, CODES, on)).toEqual([]);
    // Not for staff: their code must be one of the organisation's.
    expect(evaluateProfile({ publicName: 'SamTaylorACME', displayName: 'Sam Taylor', photoIsDefault: false, jobTitle: 'known' }, CODES, on).map((f) => f.rule)).toEqual(['mention-name']);
    // A guest's name still has to be a name followed by capitals.
    expect(evaluateProfile({ publicName: 'sam.taylor', guest: true, displayName: 'Sam Taylor', photoIsDefault: false, jobTitle: 'known' }, CODES, on).map((f) => f.rule)).toEqual(['mention-name']);
  });

  it('does not judge the @mention name before the organisation has named its codes', () => {
    expect(evaluateProfile({ publicName: 'alex.black', displayName: 'Alex Black', photoIsDefault: false, jobTitle: 'known' }, [], on)).toEqual([]);
  });

  it('never treats an unreadable job title as a finding, and respects switched-off rules', () => {
    expect(evaluateProfile({ publicName: 'AlexBlackMOJ', displayName: 'Alex Black', photoIsDefault: false, jobTitle: 'unknown' }, CODES, on)).toEqual([]);
    expect(evaluateProfile({ publicName: 'x', displayName: null, photoIsDefault: true, jobTitle: 'empty' }, CODES, { mentionName: false, photo: false, jobTitle: false })).toEqual([]);
  });
});
