import { frameioSettingsBody } from '@preroll/contracts/frameio-review';
import { frameioStatusMappingBody } from '@preroll/contracts/frameio-sync';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/plugins/auth.ts';
import { parseInput } from '../../http/validation.ts';
import type { FrameioSettingsService } from './frameio-settings.ts';

/** The organization's Frame.io settings: auto-mirror, internal comments, the Status mapping. */
export async function settingsRoutes(
  app: FastifyInstance,
  { settings }: { settings: FrameioSettingsService },
): Promise<void> {
  app.get('/api/v1/integrations/frameio/settings', async (request) => ({
    data: await settings.settings(actorOf(request)),
  }));

  app.patch('/api/v1/integrations/frameio/settings', async (request) => {
    const body = parseInput(frameioSettingsBody, request.body);
    return { data: await settings.updateSettings(actorOf(request), body) };
  });

  app.get('/api/v1/integrations/frameio/status-mapping', async (request) => ({
    data: await settings.statusMapping(actorOf(request)),
  }));

  app.put('/api/v1/integrations/frameio/status-mapping', async (request) => {
    const body = parseInput(frameioStatusMappingBody, request.body);
    return { data: await settings.updateStatusMapping(actorOf(request), body) };
  });
}
