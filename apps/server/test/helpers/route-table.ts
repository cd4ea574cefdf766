import type { FastifyInstance } from 'fastify';

export interface RouteEntry {
  method: string;
  url: string;
}

/**
 * Every route the running app serves, read from Fastify's own router (`printRoutes`), so a route
 * added anywhere (a new module, the tus plugin, the Frame.io integration) is in the list without
 * anyone editing a test. The printed tree gives each node the path fragment that follows its
 * parent's ("/api/v1/me" → "mbers" is /api/v1/members), with the node's methods in parentheses.
 */
export function routeTable(app: FastifyInstance): RouteEntry[] {
  const routes: RouteEntry[] = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const url = (depth > 0 ? prefixes[depth - 1]! : '') + match[2]!;
    prefixes[depth] = url;
    prefixes.length = depth + 1;
    for (const method of match[3]?.split(', ') ?? []) routes.push({ method, url });
  }
  return routes;
}
