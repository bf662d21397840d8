// The commit–reveal step of DRAW-SPEC.md §1: each department picks a secret in its own browser and sends
// only commitment = hex(SHA-256(UTF-8(task ‖ LF ‖ department ‖ LF ‖ secret))) before the freeze.
import { m } from '../messages'
import { randomHex, sha256Hex } from './hash'

/** A fresh secret: 32 random bytes as 64 hex characters. */
export function randomSecret(): string {
  return randomHex(32)
}

/** The commitment to `secret` for `department` in task `task`. */
export function commitment(task: string, department: string, secret: string): Promise<string> {
  return sha256Hex(`${task}\n${department}\n${secret}`)
}

/** The text of the .txt file a department keeps until the reveal. */
export function secretFileText(task: string, department: string, secret: string, commitmentHex: string): string {
  return m.tasks.commit.fileLines(task, department, secret, commitmentHex).join('\n') + '\n'
}

export function secretFileName(task: string, department: string): string {
  return m.tasks.commit.fileName(task, department)
}

/**
 * The secret from a kept .txt file: the value of its "秘密随机数：" line, or the whole text when the file
 * holds one line only (a secret saved by hand). Null when neither is found.
 */
export function secretFromFile(text: string): string | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  for (const line of lines) {
    const match = /^\s*(?:秘密随机数|secret)\s*[:：]\s*(\S+)\s*$/i.exec(line)
    if (match) return match[1]!
  }
  const filled = lines.map((l) => l.trim()).filter(Boolean)
  return filled.length === 1 ? filled[0]! : null
}
