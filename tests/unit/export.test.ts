import Papa from 'papaparse';
import { exportPart, PART_CHARS, toCsv } from '../../src/services/export';

describe('CSV export', () => {
  it.each([['=1+1'], ['+1'], ['-1'], ['@SUM(A1)'], ['\tx'], ['\rx']])('neutralises a cell starting with %j', (cell) => {
    const csv = toCsv(['a'], [[cell]]);
    const parsed = Papa.parse<string[]>(csv).data;
    expect(parsed[1]?.[0]).toBe(`'${cell}`);
  });

  it('leaves ordinary cells alone and quotes commas, quotes and new lines', () => {
    const csv = toCsv(['title', 'n'], [['Plan, "draft"\nv2', 3], [null, null]]);
    expect(Papa.parse<string[]>(csv).data.slice(1)).toEqual([
      ['Plan, "draft"\nv2', '3'],
      ['', ''],
    ]);
  });
});

describe('export parts', () => {
  const meta = { filename: 'x.json', mimeType: 'application/json' };
  it('returns one part for small content, and refuses parts that do not exist', () => {
    expect(exportPart('abc', 0, meta)).toEqual({ ...meta, part: 0, parts: 1, content: 'abc' });
    expect(() => exportPart('abc', 1, meta)).toThrow(RangeError);
    expect(() => exportPart('abc', -1, meta)).toThrow(RangeError);
  });

  it('cuts large content into parts that join back exactly, never splitting a surrogate pair', () => {
    const content = `${'a'.repeat(PART_CHARS - 1)}😀${'b'.repeat(PART_CHARS)}😀end`;
    const first = exportPart(content, 0, meta);
    let joined = first.content;
    for (let p = 1; p < first.parts; p++) joined += exportPart(content, p, meta).content;
    expect(first.parts).toBe(3);
    expect(joined).toBe(content);
    expect(first.content.endsWith('a')).toBe(true); // the emoji moved whole to part 1
  });
});
