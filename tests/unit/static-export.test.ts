import type { ExportPart } from '../../src/shared/api';
import { assembleExport, MAX_EXPORT_PARTS, safeFilename } from '../../static/common/export';
import type { Outcome } from '../../static/common/outcome';

function parts(contents: string[], overrides: Partial<ExportPart>[] = []): (part: number) => Promise<Outcome<ExportPart>> {
  return async (part) => {
    const content = contents[part];
    if (content === undefined) return { ok: false, error: { kind: 'invalid-input', message: `no part ${part}` } };
    return {
      ok: true,
      data: { filename: 'secure-use-POL-2026-11-29.csv', mimeType: 'text/csv', part, parts: contents.length, content, ...(overrides[part] ?? {}) },
    };
  };
}

describe('export assembly', () => {
  it('asks for every part in order and joins their text', async () => {
    const asked: number[] = [];
    const fetch = parts(['id,title\n1,A\n', '2,B\n', '3,C\n']);
    const progress: string[] = [];
    const outcome = await assembleExport(
      (part) => {
        asked.push(part);
        return fetch(part);
      },
      (done, total) => progress.push(`${done}/${total}`),
    );
    expect(asked).toEqual([0, 1, 2]);
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
    expect(outcome).toEqual({ ok: true, data: { filename: 'secure-use-POL-2026-11-29.csv', mimeType: 'text/csv', content: 'id,title\n1,A\n2,B\n3,C\n' } });
  });

  it('needs one call for a one-part export', async () => {
    let calls = 0;
    const fetch = parts(['{"items":[]}']);
    const outcome = await assembleExport((part) => {
      calls += 1;
      return fetch(part);
    });
    expect(calls).toBe(1);
    expect(outcome.ok && outcome.data.content).toBe('{"items":[]}');
  });

  it('stops at the first failed part and passes its error on', async () => {
    const fetch = parts(['a', 'b', 'c']);
    const outcome = await assembleExport(async (part) => (part === 1 ? { ok: false, error: { kind: 'upstream' } } : fetch(part)));
    expect(outcome).toEqual({ ok: false, error: { kind: 'upstream' } });
  });

  it('refuses replies that do not fit together rather than save a file with a piece missing', async () => {
    await expect(assembleExport(parts(['a', 'b'], [{}, { part: 0 }]))).resolves.toMatchObject({ ok: false, error: { kind: 'internal' } });
    await expect(assembleExport(parts(['a', 'b'], [{}, { parts: 3 }]))).resolves.toMatchObject({ ok: false });
    await expect(assembleExport(parts(['a'], [{ parts: 0 }]))).resolves.toMatchObject({ ok: false });
    await expect(assembleExport(parts(['a'], [{ parts: MAX_EXPORT_PARTS + 1 }]))).resolves.toMatchObject({ ok: false });
    await expect(assembleExport(parts(['a'], [{ part: 1 }]))).resolves.toMatchObject({ ok: false });
  });

  it('offers a safe file name', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('a<b>:c?.csv')).toBe('a-b--c-.csv');
    expect(safeFilename('...hidden.csv')).toBe('hidden.csv');
    expect(safeFilename('  ')).toBe('export.txt');
    expect(safeFilename('secure-use-POL-2026-11-29.json')).toBe('secure-use-POL-2026-11-29.json');
  });
});
