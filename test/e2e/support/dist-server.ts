// The production build served by the simplest static file server: a content type and the bytes,
// plus whatever headers a test asks for (a static host sets none; Rollcall's own preview sets
// its security headers). For tests about hosting, the first visit and the service worker.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DIST = fileURLToPath(new URL('../../../dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface DistServer {
  origin: string;
  close(): Promise<void>;
}

export async function serveDist({
  port = 0,
  headers = {},
  transform = (_path, bytes) => bytes,
}: {
  /** 0: any free port. */
  port?: number;
  headers?: Record<string, string>;
  /** The bytes sent for a path (e.g. changed, or counted). */
  transform?: (path: string, bytes: Buffer, request: IncomingMessage) => Buffer;
} = {}): Promise<DistServer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST)) return void response.writeHead(403).end();
    readFile(file).then(
      (bytes) => {
        response.writeHead(200, {
          ...headers,
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        });
        response.end(transform(path, bytes, request));
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
