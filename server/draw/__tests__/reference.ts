/**
 * A deliberately naive implementation of DRAW-SPEC.md §2.1 and §3, written from the text alone and
 * sharing no code with the module: node:crypto for every hash, recursive Merkle trees, full sorts,
 * BigInt arithmetic, arrays of strings. The tests compare the optimised draw against it.
 */
import { createHash } from 'node:crypto';

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** RFC 6962 Merkle Tree Hash, recursively, as written in the spec. */
export function referenceMth(leaves: Uint8Array[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return sha256(Buffer.from([0]), leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(Buffer.from([1]), referenceMth(leaves.slice(0, k)), referenceMth(leaves.slice(k)));
}

/** Minimal canonical JSON for the values the draw hashes (objects, arrays, strings, integers). */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function lines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

interface RefManifest {
  task: string;
  quotas: Record<string, number>;
  team: { lead: string; maxPerInspector: number; departments: { code: string; inspectors: number }[] };
}

/** The result (or failure message) the spec gives for a bundle whose checks all pass. */
export function referenceDraw(input: {
  manifest: unknown;
  reveals: { reveals: { party: string; secret: string }[]; public?: string };
  candidates: string;
  roster: string;
  conflicts: string;
}): unknown {
  const manifest = input.manifest as RefManifest;
  const manifestHash = sha256(Buffer.from(canonicalJson(input.manifest), 'utf8')).toString('hex');
  const reveals = input.reveals.reveals
    .map((r) => ({ party: r.party, secret: r.secret }))
    .sort((a, b) => Buffer.compare(Buffer.from(a.party), Buffer.from(b.party)));
  const seed = sha256(
    Buffer.from(canonicalJson({ manifest: manifestHash, reveals, public: input.reveals.public ?? '' }), 'utf8'),
  );
  const T = (...parts: string[]) => sha256(seed, ...parts.flatMap((p) => [u32(Buffer.byteLength(p)), Buffer.from(p)]));

  // Targets: rank each stratum by (ticket, key) and take its quota; then merge by (ticket, key).
  const cands = lines(input.candidates).map((l) => {
    const [key, stratum] = l.split('\t') as [string, string];
    return { key, stratum, ticket: T('target', key) };
  });
  const byTicket = (a: { key: string; ticket: Buffer }, b: { key: string; ticket: Buffer }) =>
    Buffer.compare(a.ticket, b.ticket) || Buffer.compare(Buffer.from(a.key), Buffer.from(b.key));
  const strata = [...new Set(cands.map((c) => c.stratum))];
  const selected = strata
    .flatMap((s) => cands.filter((c) => c.stratum === s).sort(byTicket).slice(0, manifest.quotas[s] ?? 0))
    .sort(byTicket);

  // Teams.
  const roster = lines(input.roster).map((l) => l.split('\t') as [string, string]);
  const conflicts = new Set(lines(input.conflicts));
  const count = new Map<string, number>();
  const max = manifest.team.maxPerInspector;
  const out = [];
  for (const s of selected) {
    const eligible = (i: string) => !conflicts.has(`${i}\t${s.key}`) && (count.get(i) ?? 0) < max;
    const team = [];
    const taken = new Set<string>();
    for (const d of manifest.team.departments) {
      const P = roster.filter(([, dept]) => dept === d.code).map(([i]) => i);
      const n = BigInt(P.length);
      if (P.filter(eligible).length < d.inspectors) {
        return { error: `INSUFFICIENT_INSPECTORS subject=${s.key} department=${d.code}` };
      }
      const picked = [];
      for (let j = 0; picked.length < d.inspectors; j++) {
        const h = T('inspector', s.key, d.code, String(j));
        const x = BigInt(`0x${h.subarray(0, 8).toString('hex')}`);
        if (x >= ((1n << 64n) / n) * n) continue;
        const candidate = P[Number(x % n)]!;
        if (eligible(candidate) && !taken.has(candidate)) {
          taken.add(candidate);
          picked.push({ inspector: candidate, department: d.code, ticket: h.toString('hex') });
        }
      }
      for (const p of picked) count.set(p.inspector, (count.get(p.inspector) ?? 0) + 1);
      team.push(...picked);
    }
    out.push({
      key: s.key,
      stratum: s.stratum,
      ticket: s.ticket.toString('hex'),
      team: team.map((m, k) => ({ ...m, leader: k === 0 })),
    });
  }
  return { algorithm: 'jointcheck-draw/1', manifest: manifestHash, seed: seed.toString('hex'), selected: out };
}
