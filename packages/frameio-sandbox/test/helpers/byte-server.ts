import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server the sandbox's remote uploads fetch from: path → bytes (404 otherwise). */
export async function startByteServer(files: Record<string, Buffer>): Promise<{
  url: string;
  requests: string[];
  close(): Promise<void>;
}> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/moved') {
      res.writeHead(302, { location: '/clip.mp4' }).end();
      return;
    }
    const body = files[req.url ?? ''];
    if (!body) {
      res.writeHead(404).end('no such file');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
