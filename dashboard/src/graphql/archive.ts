// The inspection archive (检查档案): photos, scans, audio and video stored by SHA-256. Listing goes through
// GraphQL; the files themselves travel over plain HTTP with the bearer token:
//   POST /uploads/inspections/ID?kind=…&name=…&description=…  (raw body, Content-Type = the file's type)
//   GET  /uploads/attachments/ID
// Errors come back as JSON { error, code, field } and are thrown as GraphQLRequestError, so views show
// them like every other server error.
import { m } from '../messages'
import { authHeaders, ClientErrorCode, GraphQLRequestError, reportRefusal, request } from './client'
import type { Attachment, AttachmentKind } from './types'

export const operations = {
  InspectionAttachments: /* GraphQL */ `
    query InspectionAttachments($id: ID!) {
      inspection(id: $id) { attachments { id kind fileName mimeType bytes sha256 description uploadedBy uploadedAt url } }
    }
  `,
} as const

/** The archive of one inspection (empty for the public). */
export async function fetchAttachments(inspection: string): Promise<Attachment[]> {
  const data = await request(operations, 'InspectionAttachments', { id: inspection })
  return data.inspection?.attachments ?? []
}

/** What the upload endpoint answers on success (201). */
export interface StoredAttachment {
  id: number
  kind: AttachmentKind
  fileName: string
  mimeType: string
  bytes: number
  sha256: string
  url: string
}

interface ErrorBody {
  error?: string
  code?: string
  field?: string | null
}

/** The server's JSON error as a GraphQLRequestError (or an HTTP error when the body is not that JSON). */
async function failure(response: Response): Promise<GraphQLRequestError> {
  let body: ErrorBody | null = null
  try {
    body = (await response.json()) as ErrorBody
  } catch {
    body = null
  }
  if (!body?.error) return new GraphQLRequestError(ClientErrorCode.HttpError, m.errors.http(response.status), [], response.status)
  const code = body.code ?? ClientErrorCode.HttpError
  reportRefusal(code)
  return new GraphQLRequestError(code, body.error, [{ message: body.error, extensions: { code, ...(body.field ? { field: body.field } : {}) } }], response.status)
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init)
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new GraphQLRequestError(ClientErrorCode.NetworkError, m.errors.network)
  }
}

/** Uploads one file to an inspection's archive; the server checks its type by declaration and by content. */
export async function uploadAttachment(
  inspection: string,
  file: File,
  kind: AttachmentKind,
  description?: string,
  options: { signal?: AbortSignal } = {},
): Promise<StoredAttachment> {
  const query = new URLSearchParams({ kind, name: file.name })
  if (description?.trim()) query.set('description', description.trim())
  const response = await send(`/uploads/inspections/${encodeURIComponent(inspection)}?${query.toString()}`, {
    method: 'POST',
    headers: { 'Content-Type': file.type || 'application/octet-stream', ...authHeaders() },
    body: file,
    signal: options.signal,
  })
  if (!response.ok) throw await failure(response)
  try {
    return (await response.json()) as StoredAttachment
  } catch {
    throw new GraphQLRequestError(ClientErrorCode.BadResponse, m.errors.badResponse, [], response.status)
  }
}

/** Fetches an archived file with the bearer token (a plain link would not carry it). */
export async function downloadAttachment(url: string): Promise<Blob> {
  const response = await send(url, { headers: authHeaders() })
  if (!response.ok) throw await failure(response)
  return response.blob()
}

/** Offers what `href` points at (a data or blob URL) to the user as a file download. */
export function offerDownload(href: string, fileName: string): void {
  const a = document.createElement('a')
  a.href = href
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
}

/** Offers a blob to the user as a file download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob)
  offerDownload(href, fileName)
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}
