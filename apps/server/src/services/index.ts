import { AccountService } from './account.service.ts';
import { ActivityService } from './activity.service.ts';
import { ApiKeyService } from './api-key.service.ts';
import { AuthService } from './auth.service.ts';
import { CarryForwardService } from './carry-forward/carry-forward.service.ts';
import { ClientService } from './client.service.ts';
import { CommentService } from './comment.service.ts';
import { CommentTimelineService } from './comment-timeline.service.ts';
import { DeliverableService } from './deliverable.service.ts';
import { EpisodeService } from './episode.service.ts';
import { MarkerExportService } from './markers/marker-export.service.ts';
import { MarkerImportService } from './markers/marker-import.service.ts';
import { NotificationService } from './notifications/notification.service.ts';
import { PortalService } from './portal.service.ts';
import { PortalHomeService } from './portal-home.service.ts';
import type { ServiceDeps } from './service-deps.ts';
import { ShowService } from './show.service.ts';
import { TeamService } from './team.service.ts';
import { VersionService } from './version.service.ts';
import { VersionMediaService } from './version-media.service.ts';

export type { ServiceDeps } from './service-deps.ts';

export interface Services {
  auth: AuthService;
  account: AccountService;
  team: TeamService;
  apiKeys: ApiKeyService;
  clients: ClientService;
  shows: ShowService;
  episodes: EpisodeService;
  deliverables: DeliverableService;
  activity: ActivityService;
  portal: PortalService;
  notifications: NotificationService;
  portalHome: PortalHomeService;
  versions: VersionService;
  /** Playback proxies, previews and proxy Retry (the media pipeline's output). */
  versionMedia: VersionMediaService;
  comments: CommentService;
  /** The timeline's slim markers and the threads a page at a time. */
  commentTimeline: CommentTimelineService;
  markerExport: MarkerExportService;
  markerImport: MarkerImportService;
  carryForward: CarryForwardService;
}

export function createServices(deps: ServiceDeps): Services {
  const auth = new AuthService(deps.store, deps.hasher, deps.clock, deps.events, {
    signupsPerHour: deps.config.signupsPerHour,
  });
  const versions = new VersionService(deps);
  return {
    auth,
    account: new AccountService(deps, auth),
    team: new TeamService(deps.store, auth, deps.hasher, deps.mailer, deps.clock, deps.config.publicUrl),
    apiKeys: new ApiKeyService(deps.store, deps.clock, deps.events),
    clients: new ClientService(deps),
    shows: new ShowService(deps),
    episodes: new EpisodeService(deps),
    deliverables: new DeliverableService(deps),
    activity: new ActivityService(deps),
    portal: new PortalService(deps),
    versions,
    versionMedia: new VersionMediaService(deps, versions),
    notifications: new NotificationService(deps),
    portalHome: new PortalHomeService(deps, auth),
    comments: new CommentService(deps),
    commentTimeline: new CommentTimelineService(deps),
    markerExport: new MarkerExportService(deps),
    markerImport: new MarkerImportService(deps),
    carryForward: new CarryForwardService(deps),
  };
}
