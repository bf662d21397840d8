// Everything the 抽取验证 page checks in the browser about a drawProof answer: every audit path against
// its root, the positions of the bracketing lines for an absent subject, and — when the task's manifest
// is published — that the roots are the manifest's and that the manifest hashes to manifestHash.
import { manifestHash } from '../../crypto/jcs'
import { bracketsAbsentKey, verifyLeaf } from '../../crypto/merkle'
import type { DrawProof, ListProof } from '../../graphql/types'

export interface ListCheck {
  /** One result per leaf, in the proof's order. */
  leaves: boolean[]
  /** For a list that does not contain the subject: do the leaves bracket its key? null when it contains it. */
  bracket: boolean | null
  /** Does the root equal the one in the published manifest? null when the manifest is unavailable. */
  rootInManifest: boolean | null
}

export interface ProofCheck {
  candidates: ListCheck
  excluded: ListCheck
  /** SHA-256(JCS(manifest)) equals the proof's manifestHash; null when the manifest is unavailable. */
  manifestHash: boolean | null
}

interface PublishedManifest {
  attempt: number
  manifestJson: string
}

async function checkList(proof: ListProof, key: string, manifestRoot: string | null | undefined): Promise<ListCheck> {
  const leaves = await Promise.all(proof.leaves.map((l) => verifyLeaf(l, proof.count, proof.root)))
  return {
    leaves,
    bracket: proof.contains ? null : bracketsAbsentKey(proof, key),
    rootInManifest: manifestRoot == null ? null : manifestRoot === proof.root,
  }
}

export async function checkProof(proof: DrawProof, manifests: PublishedManifest[] | null): Promise<ProofCheck> {
  const published = manifests?.find((d) => d.attempt === proof.attempt)
  type Roots = { candidates?: { root?: string }; excluded?: { root?: string } }
  let manifest: Roots | null = null
  let hashOk: boolean | null = null
  if (published) {
    try {
      manifest = JSON.parse(published.manifestJson) as Roots
      hashOk = (await manifestHash(published.manifestJson)) === proof.manifestHash
    } catch {
      hashOk = false
    }
  }
  const [candidates, excluded] = await Promise.all([
    checkList(proof.candidates, proof.subjectKey, manifest ? (manifest.candidates?.root ?? '') : null),
    checkList(proof.excluded, proof.subjectKey, manifest ? (manifest.excluded?.root ?? '') : null),
  ])
  return { candidates, excluded, manifestHash: hashOk }
}

/** Does the proof as a whole hold: every leaf verifies, absences are bracketed, the manifest agrees? */
export function allPassed(c: ProofCheck): boolean {
  const list = (l: ListCheck) => l.leaves.every(Boolean) && l.bracket !== false && l.rootInManifest !== false
  return list(c.candidates) && list(c.excluded) && c.manifestHash !== false
}
