/**
 * A plain static file server for the built site, the way any host serves it:
 * files from the output folder under a mount path, `index.html` for
 * directory URLs (a redirect adds a missing trailing slash), `404.html` with status 404 for anything else. No rewrites,
 * so a link that only works with a server rule fails here too.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
};

export interface StaticServer {
  /** `http://127.0.0.1:PORT` followed by the mount path, ending in `/`. */
  url: string;
  close(): Promise<void>;
}

type Found = { kind: 'file'; path: string } | { kind: 'directory' } | null;

async function lookUp(root: string, relative: string): Promise<Found> {
  const path = normalize(join(root, relative));
  if (path !== root && !path.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  try {
    const info = await stat(path);
    if (info.isFile()) return { kind: 'file', path };
    if (info.isDirectory()) {
      if (!relative.endsWith('/') && relative !== '') return { kind: 'directory' };
      const index = join(path, 'index.html');
      if ((await stat(index)).isFile()) return { kind: 'file', path: index };
    }
  } catch {
    return null;
  }
  return null;
}

/** Serves `root` at `mount` (`/` or `/archive/`) on a free local port. */
export async function serveStatic(root: string, mount = '/'): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      let pathname: string;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        pathname = '';
      }
      const inside = pathname.startsWith(mount) ? pathname.slice(mount.length) : null;
      const found = inside === null ? null : await lookUp(root, inside);
      if (found?.kind === 'directory') {
        // What common static servers do for a directory named without its slash.
        response.writeHead(301, { location: `${url.pathname}/${url.search}` });
        response.end();
        return;
      }
      if (found?.kind === 'file') {
        const body = await readFile(found.path);
        response.writeHead(200, { 'content-type': TYPES[extname(found.path)] ?? 'application/octet-stream', 'content-length': body.length });
        response.end(request.method === 'HEAD' ? undefined : body);
        return;
      }
      const notFound = await lookUp(root, '404.html');
      const body = notFound?.kind === 'file' ? await readFile(notFound.path) : Buffer.from('not found');
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
      response.end(request.method === 'HEAD' ? undefined : body);
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${mount}`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
