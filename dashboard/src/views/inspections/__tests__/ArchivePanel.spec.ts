// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { loginAs, settle, stubServer, type HttpCall } from '../../../__tests__/fakeServer'
import type { Attachment } from '../../../graphql/types'
import { session } from '../../../stores/session'
import ArchivePanel from '../ArchivePanel.vue'

const SHA = '0f343b0931126a20f133d67c2b018a3b5c3ae1bd4f4c8d4e9e0f3d2c1b0a9f8e'
const stored: Attachment = {
  id: '3', kind: 'PHOTO', fileName: '现场照片1.png', mimeType: 'image/png', bytes: 2008, sha256: SHA, description: '经营场所门头',
  uploadedBy: 'scjg-clerk', uploadedAt: '2026-03-10T02:00:00Z', url: '/uploads/attachments/3',
}

let wrapper: VueWrapper | null = null
function mountPanel(departments = ['SCJG', 'SW']) {
  wrapper = mount(defineComponent({ render: () => h(ArchivePanel, { inspectionId: '11', task: { departments } }) }), { attachTo: document.body })
  return wrapper
}

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  session.logout()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

/** Picks a file in el-upload's hidden input, as the browser's file chooser would. */
async function choose(file: File) {
  const input = document.querySelector('.archive-panel input[type="file"]') as HTMLInputElement
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
  await settle()
}

const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])], '现场照片1.png', { type: 'image/png' })

describe('检查档案', { timeout: 30_000 }, () => {
  it('lists the archive: kind, name, size, shortened SHA-256, uploader, time', async () => {
    await loginAs('CLERK', 'SCJG')
    stubServer({ InspectionAttachments: { inspection: { attachments: [stored] } } })
    const w = mountPanel()
    await settle()
    const row = w.find('.archive-panel__table .el-table__body tr')
    for (const s of ['照片', '现场照片1.png', '经营场所门头', '2.0 KB', 'scjg-clerk']) expect(row.text()).toContain(s)
    expect(row.find('[data-testid="attachment-sha"]').text()).toBe('0f343b093112…')
    expect(row.find('[data-testid="attachment-sha"]').attributes('title')).toBe(SHA)
  })

  it('uploads the raw file with its type, kind, name and description, and the bearer token; then lists it', async () => {
    await loginAs('CLERK', 'SCJG')
    let listed: Attachment[] = []
    const { httpCalls } = stubServer(
      { InspectionAttachments: () => ({ inspection: { attachments: listed } }) },
      {
        'POST /uploads/inspections/11': () => {
          listed = [stored]
          return { status: 201, json: { id: 3, kind: 'PHOTO', fileName: stored.fileName, mimeType: 'image/png', bytes: 2008, sha256: SHA, url: stored.url } }
        },
      },
    )
    const w = mountPanel()
    await settle()
    expect(w.text()).toContain('尚无档案文件')
    const description = document.querySelector('.archive-panel__description input') as HTMLInputElement
    description.value = '经营场所门头'
    description.dispatchEvent(new Event('input'))
    await settle()
    const file = png()
    await choose(file)
    const call = httpCalls.find((c) => c.method === 'POST') as HttpCall
    const url = new URL(call.url, 'http://x')
    expect(url.pathname).toBe('/uploads/inspections/11')
    expect(Object.fromEntries(url.searchParams)).toEqual({ kind: 'PHOTO', name: '现场照片1.png', description: '经营场所门头' })
    expect(call.headers['content-type']).toBe('image/png')
    expect(call.headers.authorization).toBe('Bearer tok')
    expect(call.body).toBe(file)
    expect(w.find('[data-testid="attachment-name"]').text()).toBe('现场照片1.png')
    expect(document.querySelector('[data-testid="archive-error"]')).toBeNull()
  })

  it.each([
    [400, { error: '文件内容与声明的类型 image/png 不符', code: 'BAD_USER_INPUT', field: 'Content-Type' }, '文件内容与声明的类型 image/png 不符', 'BAD_USER_INPUT'],
    [400, { error: '不支持的文件类型"text/plain"，可上传：image/jpeg、image/png', code: 'BAD_USER_INPUT', field: 'Content-Type' }, '不支持的文件类型"text/plain"', 'BAD_USER_INPUT'],
    [413, { error: '文件超过大小上限 200 MB', code: 'BAD_USER_INPUT', field: 'body' }, '文件超过大小上限 200 MB', 'BAD_USER_INPUT'],
    [403, { error: '您所在部门（WJ）没有参加该任务', code: 'FORBIDDEN', field: null }, '您所在部门（WJ）没有参加该任务', 'FORBIDDEN'],
    [502, 'Bad Gateway', '服务器返回异常状态（HTTP 502）', 'HTTP_ERROR'],
  ])('shows the server’s refusal (HTTP %i)', async (status, json, message, code) => {
    await loginAs('CLERK', 'SCJG')
    stubServer({ InspectionAttachments: { inspection: { attachments: [] } } }, { 'POST /uploads/inspections/11': { status, json } })
    mountPanel()
    await settle()
    await choose(png())
    const alert = document.querySelector('[data-testid="archive-error"]')!
    expect(alert.textContent).toContain('“现场照片1.png”未能归档')
    expect(alert.textContent).toContain(message)
    expect(alert.textContent).toContain(`错误代码：${code}`)
  })

  it('sends the chosen kind', async () => {
    await loginAs('DEPT_HEAD', 'SW')
    const { httpCalls } = stubServer({ InspectionAttachments: { inspection: { attachments: [] } } }, { 'POST /uploads/inspections/11': { status: 201, json: { id: 4, fileName: 'scan.pdf' } } })
    const w = mountPanel()
    await settle()
    w.findAllComponents({ name: 'ElSelect' })[0]!.vm.$emit('update:modelValue', 'SCAN')
    await settle()
    await choose(new File(['%PDF-1.4'], 'scan.pdf', { type: 'application/pdf' }))
    expect(new URL(httpCalls.find((c) => c.method === 'POST')!.url, 'http://x').searchParams.get('kind')).toBe('SCAN')
  })

  it('offers no upload to departments that do not take part, but still lists the archive for staff', async () => {
    await loginAs('CLERK', 'WJ')
    stubServer({ InspectionAttachments: { inspection: { attachments: [stored] } } })
    const w = mountPanel()
    await settle()
    expect(document.querySelector('.archive-panel input[type="file"]')).toBeNull()
    expect(w.find('[data-testid="attachment-name"]').text()).toBe('现场照片1.png')
  })
})
