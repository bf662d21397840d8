import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Rolldown } from 'vite';
import { pageFiles, preloadScript } from '../../dashboard/routePreload.js';

/** A bundle of chunks given as file → [facade module, static imports, CSS, entry?]. */
function bundle(chunks: Record<string, [string | null, string[], string[], boolean?]>): Rolldown.OutputBundle {
  return Object.fromEntries(
    Object.entries(chunks).map(([fileName, [facade, imports, css, isEntry]]) => [
      fileName,
      { type: 'chunk', fileName, facadeModuleId: facade, imports, isEntry: !!isEntry, viteMetadata: { importedCss: new Set(css) } },
    ]),
  ) as unknown as Rolldown.OutputBundle;
}

const b = bundle({
  'assets/index.js': ['/app/dashboard/src/main.ts', ['assets/vue.js', 'assets/ep-a.js'], ['assets/index.css'], true],
  'assets/vue.js': [null, [], []],
  'assets/ep-a.js': [null, [], ['assets/ep-a.css']],
  'assets/ep-b.js': [null, ['assets/vue.js'], ['assets/ep-b.css']],
  'assets/AppLayout.js': ['/app/dashboard/src/layouts/AppLayout.vue', ['assets/vue.js', 'assets/ep-b.js'], ['assets/AppLayout.css']],
  'assets/cockpit.js': ['/app/dashboard/src/views/cockpit/index.vue', ['assets/ep-a.js', 'assets/ep-b.js', 'assets/filters.js'], ['assets/cockpit.css']],
  'assets/filters.js': [null, [], []],
  'assets/other.js': ['/app/dashboard/src/views/other/index.vue', ['assets/ep-b.js'], []],
});

describe('route preload', () => {
  it('lists what a page loads beyond the entry: its chunks, their imports and their CSS, once each', () => {
    expect(pageFiles(b, ['src/layouts/AppLayout.vue', 'src/views/cockpit/index.vue'])).toEqual([
      '/assets/AppLayout.js', '/assets/AppLayout.css', '/assets/ep-b.js', '/assets/ep-b.css', '/assets/cockpit.js', '/assets/cockpit.css', '/assets/filters.js',
    ]);
    expect(() => pageFiles(b, ['src/views/missing.vue'])).toThrow(/no chunk for src\/views\/missing\.vue/);
  });

  it('adds the links only on the page they are for, as module preloads and style preloads with crossorigin', () => {
    const script = preloadScript({ '/cockpit': ['/assets/cockpit.js', '/assets/cockpit.css'] });
    const run = (pathname: string) => {
      const links: Record<string, string>[] = [];
      const document = { createElement: () => ({}), head: { appendChild: (l: Record<string, string>) => links.push(l) } };
      vm.runInNewContext(script, { location: { pathname }, document });
      return links;
    };
    expect(run('/cockpit')).toEqual([
      { rel: 'modulepreload', crossOrigin: '', href: '/assets/cockpit.js' },
      { rel: 'preload', as: 'style', crossOrigin: '', href: '/assets/cockpit.css' },
    ]);
    expect(run('/departments')).toEqual([]);
  });
});
