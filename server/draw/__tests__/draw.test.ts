import { afterAll, describe, expect, it } from 'vitest';
import { DrawError, kthSmallest, quotaFromRule, runDraw, type DrawBundle, type DrawResult } from '../draw.js';
import { shutdownDrawWorkers } from '../kernel.js';
import { serializeTsv } from '../tsv.js';
import { buildBundle, cloneManifest, rng, secretOf, type BundleSpec } from './helpers.js';
import { referenceDraw } from './reference.js';

afterAll(() => shutdownDrawWorkers());

const key = (i: number) => `91${String(110000 + i)}${'ABCDEFGHJK'[i % 10]}${String(i).padStart(9, '0')}`;

/** A small joint task: 30 candidates (A 15, B 10, C 5), departments SCJG ×2 + SW ×1. */
function spec(overrides: Partial<BundleSpec> = {}): BundleSpec {
  return {
    candidates: Array.from({ length: 30 }, (_, i): [string, string] => [key(i), i < 15 ? 'A' : i < 25 ? 'B' : 'C']),
    roster: [
      ['SCJG01', 'SCJG'],
      ['SCJG02', 'SCJG'],
      ['SCJG03', 'SCJG'],
      ['SCJG04', 'SCJG'],
      ['SW01', 'SW'],
      ['SW02', 'SW'],
    ],
    quotas: { A: 2, B: 2, C: 1 },
    team: {
      lead: 'SCJG',
      maxPerInspector: 10,
      departments: [
        { code: 'SCJG', inspectors: 2 },
        { code: 'SW', inspectors: 1 },
      ],
    },
    ...overrides,
  };
}

/** The DrawError a bundle's draw raises (fails the test if it succeeds). */
async function failure(bundle: DrawBundle): Promise<DrawError> {
  const e = await runDraw(bundle).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DrawError);
  return e as DrawError;
}

/** The same bundle with its manifest edited (digests stay those of the unchanged lists). */
function withManifest(bundle: DrawBundle, edit: (m: ReturnType<typeof cloneManifest>) => void): DrawBundle {
  const m = cloneManifest(bundle);
  edit(m);
  return { ...bundle, manifest: m };
}

describe('draw: targets and teams', () => {
  it('draws the quotas, in ticket order, with complete teams and one leader', async () => {
    const r = await runDraw(await buildBundle(spec()));
    expect(r.selected).toHaveLength(5);
    expect(r.selected.filter((s) => s.stratum === 'A')).toHaveLength(2);
    expect(r.selected.map((s) => s.ticket)).toEqual(r.selected.map((s) => s.ticket).sort());
    for (const s of r.selected) {
      expect(s.team.map((m) => m.department)).toEqual(['SCJG', 'SCJG', 'SW']);
      expect(s.team.map((m) => m.leader)).toEqual([true, false, false]);
      expect(new Set(s.team.map((m) => m.inspector)).size).toBe(3);
    }
  });

  it('agrees with the naive reference on random bundles, successes and failures alike', async () => {
    const outcomes = { ok: 0, failed: 0 };
    for (let seed = 1; seed <= 6; seed++) {
      const random = rng(seed * 7919);
      const alphabet = ['9', '1', 'JC-', '检-', '😀', 'Z'];
      const keys = new Set<string>();
      while (keys.size < 400) keys.add(`${alphabet[Math.floor(random() * alphabet.length)]}${Math.floor(random() * 1e6)}`);
      const candidates = [...keys].map((k): [string, string] => [k, ['A', 'B', 'C', 'U'][Math.floor(random() * 4)]!]);
      const roster: [string, string][] = [];
      for (const [code, n] of [['SCJG', 6], ['SW', 3], ['WSJK', 2]] as const) {
        for (let i = 0; i < n; i++) roster.push([`${code}-${i}`, code]);
      }
      const conflicts = new Map<string, [string, string]>();
      for (let i = 0; i < 60; i++) {
        const pair: [string, string] = [roster[Math.floor(random() * roster.length)]![0], candidates[Math.floor(random() * 400)]![0]];
        conflicts.set(pair.join('\t'), pair);
      }
      const s: BundleSpec = {
        candidates,
        roster,
        conflicts: [...conflicts.values()],
        quotas: { A: 6, B: 5, C: 4, U: 5 },
        team: {
          lead: 'SCJG',
          // For even seeds WSJK's two inspectors can serve 18 of the 20 subjects: the draw must then fail
          // exactly where the reference fails.
          maxPerInspector: seed % 2 === 0 ? 9 : 30,
          departments: [
            { code: 'SCJG', inspectors: 2 },
            { code: 'SW', inspectors: 1 },
            { code: 'WSJK', inspectors: 1 },
          ],
        },
        public: `dice ${seed}`,
      };
      const bundle = await buildBundle(s);
      const actual = await runDraw(bundle).catch((e: unknown) => {
        if (e instanceof DrawError) return { error: e.message };
        throw e;
      });
      const expected = referenceDraw({
        manifest: bundle.manifest,
        reveals: bundle.reveals as never,
        candidates: Buffer.from(bundle.candidates).toString('utf8'),
        roster: Buffer.from(bundle.roster).toString('utf8'),
        conflicts: Buffer.from(bundle.conflicts).toString('utf8'),
      });
      expect(actual).toEqual(expected);
      if ('error' in actual) outcomes.failed++;
      else outcomes.ok++;
    }
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.failed).toBeGreaterThan(0);
  });

  it('an empty stratum and an empty candidate list draw nothing from them', async () => {
    const base = spec();
    const r = await runDraw(
      withManifest(await buildBundle(base), (m) => {
        m.candidates.strata.D = 0;
        m.quotas.D = 0;
      }),
    );
    expect(r.selected.some((s) => s.stratum === 'D')).toBe(false);
    const empty = await runDraw(await buildBundle(spec({ candidates: [], quotas: {} })));
    expect(empty.selected).toEqual([]);
  });

  it('a quota equal to its stratum takes the whole stratum, ordered by ticket', async () => {
    const r = await runDraw(await buildBundle(spec({ quotas: { C: 5 } })));
    const expectedKeys = Array.from({ length: 5 }, (_, i) => key(25 + i)).sort();
    expect(r.selected.map((s) => s.key).sort()).toEqual(expectedKeys);
    expect(r.selected.map((s) => s.ticket)).toEqual(r.selected.map((s) => s.ticket).sort());
  });

  it('a department with exactly enough inspectors puts each of them on every team', async () => {
    const r = await runDraw(
      await buildBundle(
        spec({
          roster: [
            ['SCJG01', 'SCJG'],
            ['SCJG02', 'SCJG'],
            ['SW01', 'SW'],
          ],
          team: {
            lead: 'SCJG',
            maxPerInspector: 5,
            departments: [
              { code: 'SCJG', inspectors: 2 },
              { code: 'SW', inspectors: 1 },
            ],
          },
        }),
      ),
    );
    expect(r.selected).toHaveLength(5);
    for (const s of r.selected) expect(s.team.map((m) => m.inspector).sort()).toEqual(['SCJG01', 'SCJG02', 'SW01']);
  });

  it('maxPerInspector exhaustion stops the draw at the first subject left without inspectors', async () => {
    const bundle = await buildBundle(
      spec({
        roster: [
          ['SCJG01', 'SCJG'],
          ['SCJG02', 'SCJG'],
          ['SCJG03', 'SCJG'],
          ['SCJG04', 'SCJG'],
          ['SW01', 'SW'],
        ],
        team: {
          lead: 'SCJG',
          maxPerInspector: 4,
          departments: [
            { code: 'SCJG', inspectors: 2 },
            { code: 'SW', inspectors: 1 },
          ],
        },
      }),
    );
    // SW01 can serve 4 of the 5 subjects: the 5th in selected-list order is left without.
    const e = await failure(bundle);
    expect(e.code).toBe('INSUFFICIENT_INSPECTORS');
    const expected = referenceDraw({
      manifest: bundle.manifest,
      reveals: bundle.reveals as never,
      candidates: Buffer.from(bundle.candidates).toString('utf8'),
      roster: Buffer.from(bundle.roster).toString('utf8'),
      conflicts: '',
    }) as { error: string };
    expect(expected.error).toMatch(/department=SW$/);
    expect(e.message).toBe(expected.error);
    // One more assignment allowed, and the same roster suffices.
    const roomier = await buildBundle({
      ...spec(),
      roster: [...spec().roster.slice(0, 4), ['SW01', 'SW']],
      team: { ...spec().team, maxPerInspector: 5 },
    });
    expect((await runDraw(roomier)).selected).toHaveLength(5);
  });

  it('conflicts that exhaust a department fail the draw for that subject', async () => {
    const victim = key(27);
    const e = await failure(
      await buildBundle(
        spec({
          quotas: { C: 5 },
          conflicts: [
            ['SW01', victim],
            ['SW02', victim],
          ],
        }),
      ),
    );
    expect(e.message).toBe(`INSUFFICIENT_INSPECTORS subject=${victim} department=SW`);
  });

  it('a conflict keeps the inspector off that subject', async () => {
    const target = key(27);
    const r = await runDraw(await buildBundle(spec({ quotas: { C: 5 }, conflicts: [['SW01', target]] })));
    const team = r.selected.find((s) => s.key === target)!.team.map((m) => m.inspector);
    expect(team).toContain('SW02');
    expect(team).not.toContain('SW01');
  });

  it('the order of reveals in reveals.json does not matter; the public input does', async () => {
    const bundle = await buildBundle(spec());
    const reveals = bundle.reveals as { reveals: unknown[]; public: string };
    const reversed = { ...bundle, reveals: { ...reveals, reveals: [...reveals.reveals].reverse() } };
    const a = await runDraw(bundle);
    expect(await runDraw(reversed)).toEqual(a);
    const other = await runDraw({ ...bundle, reveals: { ...reveals, public: '6 6 6' } });
    expect(other.seed).not.toBe(a.seed);
  });
});

describe('selection helper', () => {
  it('kthSmallest agrees with a full sort, duplicates included', () => {
    const random = rng(42);
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(random() * 300);
      const spread = [2, 10, 1e6][round % 3]!;
      const values = Float64Array.from({ length: n }, () => Math.floor(random() * spread));
      const sorted = values.slice().sort();
      const k = Math.floor(random() * n);
      expect(kthSmallest(values.slice(), k)).toBe(sorted[k]);
    }
  });
});

describe('draw: checks', () => {
  it('quotas must follow quotaRule, computed in exact decimals', async () => {
    // 10 × 0.3 and 30 × 0.1 are 3 exactly; binary floating point would round both up to 4.
    expect(quotaFromRule(10, '0.3')).toBe(3);
    expect(quotaFromRule(30, '0.1')).toBe(3);
    expect(quotaFromRule(15, '0.1')).toBe(2);
    expect(quotaFromRule(7, '2.5')).toBe(7);
    expect(quotaFromRule(1, '0.001')).toBe(1);
    expect(quotaFromRule(0, '0.5')).toBe(0);
    expect(quotaFromRule(9, '0')).toBe(0);

    const good = spec({ quotas: { A: 2, B: 1, C: 5 }, quotaRule: { A: '0.1', B: '0.1', C: '1' } });
    expect((await runDraw(await buildBundle(good))).selected).toHaveLength(8);

    const bad = await failure(await buildBundle({ ...good, quotas: { A: 1, B: 1, C: 5 } }));
    expect(bad.code).toBe('QUOTA_RULE_MISMATCH');
    expect(bad.message).toBe('quota for stratum A is 1 but quotaRule gives min(15, ceil(15 × 0.1)) = 2');

    // A stratum the rule leaves out gets ratio 0.
    const missing = await failure(await buildBundle({ ...good, quotaRule: { A: '0.1', B: '0.1' } }));
    expect(missing.message).toBe('quota for stratum C is 5 but quotaRule gives min(5, ceil(5 × 0)) = 0');
  });

  it('a quota larger than its stratum is refused', async () => {
    const e = await failure(await buildBundle(spec({ quotas: { C: 6 } })));
    expect(e.code).toBe('QUOTA_EXCEEDS_STRATUM');
    expect(e.message).toBe('quota for stratum C is 6 but it has only 5 candidates');
  });

  it('a reveal that does not match, a missing reveal and an extra reveal are refused', async () => {
    const bundle = await buildBundle(spec());
    const reveals = (bundle.reveals as { reveals: { party: string; secret: string }[] }).reveals;
    const wrong = reveals.map((r) => (r.party === 'SW' ? { ...r, secret: 'guess' } : r));
    expect((await failure({ ...bundle, reveals: { reveals: wrong } })).message).toBe('reveal of SW does not match its commitment');

    const missing = await failure({ ...bundle, reveals: { reveals: reveals.filter((r) => r.party !== 'hub') } });
    expect(missing.code).toBe('PARTIES_MISMATCH');
    expect(missing.message).toBe('party hub made a commitment but did not reveal');

    const extra = await failure({ ...bundle, reveals: { reveals: [...reveals, { party: 'WSJK', secret: secretOf('WSJK') }] } });
    expect(extra.message).toBe('party WSJK revealed but made no commitment');

    const none = await failure({ ...bundle, reveals: undefined });
    expect(none.code).toBe('INVALID_REVEALS');
  });

  it('the lead department must be first, and every department must ask for an inspector', async () => {
    const bundle = await buildBundle(spec());
    const notFirst = await failure(withManifest(bundle, (m) => (m.team.lead = 'SW')));
    expect(notFirst.code).toBe('LEAD_NOT_FIRST');
    expect(notFirst.message).toBe('team.lead SW must be the first of team.departments, which starts with SCJG');

    const zero = await failure(withManifest(bundle, (m) => (m.team.departments[1]!.inspectors = 0)));
    expect(zero.code).toBe('NO_INSPECTORS_REQUESTED');
    expect(zero.message).toMatch(/^department SW asks for 0 inspectors/);
  });

  it('list digests, counts and strata must match the files', async () => {
    const bundle = await buildBundle(spec());
    const text = Buffer.from(bundle.candidates).toString('utf8');

    // Same number of lines, one stratum changed: the root no longer matches.
    const changed = { ...bundle, candidates: Buffer.from(text.replace(/\tC\n$/, '\tB\n'), 'utf8') };
    const e1 = await failure(changed);
    expect(e1.code).toBe('LIST_DIGEST_MISMATCH');
    expect(e1.message).toMatch(/^candidates\.tsv has Merkle root [0-9a-f]{64} but the manifest says candidates\.root = /);

    const shorter = { ...bundle, roster: serializeTsv([['SCJG01', 'SCJG']]) };
    expect((await failure(shorter)).message).toBe('roster.tsv has 1 line but the manifest says roster.count = 6');

    const strata = await failure(withManifest(bundle, (m) => ((m.candidates.strata.A = 14), (m.candidates.strata.B = 11))));
    expect(strata.code).toBe('STRATA_MISMATCH');
    expect(strata.message).toBe('candidates.tsv has 15 candidates in stratum A but the manifest says candidates.strata.A = 14');
  });

  it('a malformed manifest or list is refused before anything is drawn', async () => {
    const bundle = await buildBundle(spec());
    const extra = await failure(withManifest(bundle, (m) => Object.assign(m, { title: 'x' })));
    expect(extra.code).toBe('INVALID_MANIFEST');
    expect(extra.message).toBe('manifest.json: title is not a field of jointcheck-draw/1');

    const version = await failure(withManifest(bundle, (m) => Object.assign(m, { algorithm: 'jointcheck-draw/2' })));
    expect(version.message).toMatch(/algorithm must be "jointcheck-draw\/1"/);

    const float = await failure(withManifest(bundle, (m) => (m.quotas.A = 1.5)));
    expect(float.message).toBe('manifest.json: quotas.A must be a non-negative integer');

    const twice = await failure({ ...bundle, candidates: Buffer.from(`${key(1)}\tA\n${key(1)}\tB\n`) });
    expect(twice.code).toBe('INVALID_LIST');
    expect(twice.message).toBe(`candidates.tsv line 2: subject ${key(1)} is listed twice (also on line 1)`);

    const inspector = await failure({ ...bundle, roster: Buffer.from('SCJG01\tSCJG\nSCJG01\tSW\n') });
    expect(inspector.message).toBe('roster.tsv line 2: inspector SCJG01 is listed twice (also on line 1)');

    const crlf = await failure({ ...bundle, conflicts: Buffer.from('SW01\tX\r\n') });
    expect(crlf.message).toBe('conflicts.tsv line 1: line ends in CR LF (lines must end in LF only) [rule: crlf]');

    const stratum = await failure({ ...bundle, candidates: Buffer.from(`${key(1)}\ta\n`) });
    expect(stratum.message).toMatch(/stratum "a" is not made of A–Z, 0–9 and _/);
  });

  it('a valid result is a plain JSON value', async () => {
    const r: DrawResult = await runDraw(await buildBundle(spec()));
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.algorithm).toBe('jointcheck-draw/1');
    expect(r.seed).toMatch(/^[0-9a-f]{64}$/);
  });
});
