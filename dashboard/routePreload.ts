// Build-only Vite plugin: the first load of a landing page fetches the page's own code while the app's entry is
// still being evaluated, instead of after it (when the router asks for the route's chunk).
import type { Plugin, Rolldown } from 'vite'

type OutputBundle = Rolldown.OutputBundle
type OutputChunk = Rolldown.OutputChunk

/**
 * Files a page at `path` needs (chunks with the CSS they import), after those the entry loads anyway:
 * `modules` are the page's lazily loaded modules (its layout, its view, the charts it draws), relative to
 * the dashboard's root.
 */
export function pageFiles(bundle: OutputBundle, modules: string[], base = '/'): string[] {
  const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk')
  const byFile = new Map(chunks.map((c) => [c.fileName, c]))
  const closure = (start: OutputChunk[]): Set<OutputChunk> => {
    const seen = new Set<OutputChunk>()
    const visit = (c: OutputChunk) => {
      if (seen.has(c)) return
      seen.add(c)
      for (const f of c.imports) visit(byFile.get(f)!)
    }
    start.forEach(visit)
    return seen
  }
  const entry = closure(chunks.filter((c) => c.isEntry))
  const roots = modules.map((m) => {
    const chunk = chunks.find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith(`/${m}`))
    if (!chunk) throw new Error(`routePreload: no chunk for ${m}`)
    return chunk
  })
  const files: string[] = []
  for (const c of closure(roots)) {
    if (entry.has(c)) continue
    files.push(c.fileName, ...((c as OutputChunk & { viteMetadata?: { importedCss: Set<string> } }).viteMetadata?.importedCss ?? []))
  }
  return [...new Set(files)].map((f) => `${base}${f}`)
}

/** The inline script that preloads a page's files when it is the page opened (after the entry's own, in the head's end). */
export function preloadScript(pages: Record<string, string[]>): string {
  // crossorigin as Vite's own preloads have it, so that the route's later requests take these responses.
  return `{const p=${JSON.stringify(pages)}[location.pathname];if(p)for(const h of p){const l=document.createElement('link');if(h.endsWith('.css')){l.rel='preload';l.as='style'}else l.rel='modulepreload';l.crossOrigin='';l.href=h;document.head.appendChild(l)}}`
}

/** `pages`: URL path → the lazily loaded modules its first render needs. */
export function routePreload(pages: Record<string, string[]>): Plugin {
  return {
    name: 'jointcheck-route-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html
        const files = Object.fromEntries(Object.entries(pages).map(([path, modules]) => [path, pageFiles(ctx.bundle!, modules)]))
        return [{ tag: 'script', children: preloadScript(files), injectTo: 'head' }]
      },
    },
  }
}
