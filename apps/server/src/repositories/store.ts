import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { AccountTokenRepository } from './account-token.repository.ts';
import { ActivityRepository } from './activity.repository.ts';
import { ApiKeyRepository } from './api-key.repository.ts';
import { CarryForwardRepository } from './carry-forward.repository.ts';
import { ClientRepository } from './client.repository.ts';
import { CommentRepository } from './comment.repository.ts';
import { CommentImportRepository } from './comment-import.repository.ts';
import { DeliverableRepository } from './deliverable.repository.ts';
import { EpisodeRepository } from './episode.repository.ts';
import type { Executor } from './executor.ts';
import { InvitationRepository } from './invitation.repository.ts';
import { JobRepository } from './job.repository.ts';
import { LoginAttemptRepository } from './login-attempt.repository.ts';
import { MailOutboxRepository } from './mail-outbox.repository.ts';
import { MembershipRepository } from './membership.repository.ts';
import { NotificationRepository } from './notification.repository.ts';
import { OrganizationRepository } from './organization.repository.ts';
import { PortalUserRepository } from './portal-user.repository.ts';
import { SessionRepository } from './session.repository.ts';
import { ShowRepository } from './show.repository.ts';
import { UploadLockRepository } from './upload-lock.repository.ts';
import { UserRepository } from './user.repository.ts';
import { VersionRepository } from './version.repository.ts';
import { WatchRepository } from './watch.repository.ts';

/**
 * Every database repository, bound to one executor (the pool, or a transaction). Services take a
 * Store and call `store.transaction(tx => …)` so that a write touching several tables, plus the
 * jobs it enqueues, commits or rolls back as one.
 */
export class Store {
  readonly organizations: OrganizationRepository;
  readonly users: UserRepository;
  readonly memberships: MembershipRepository;
  readonly invitations: InvitationRepository;
  readonly sessions: SessionRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly loginAttempts: LoginAttemptRepository;
  readonly clients: ClientRepository;
  readonly portalUsers: PortalUserRepository;
  readonly shows: ShowRepository;
  readonly episodes: EpisodeRepository;
  readonly deliverables: DeliverableRepository;
  readonly versions: VersionRepository;
  readonly comments: CommentRepository;
  readonly commentImports: CommentImportRepository;
  readonly carryForward: CarryForwardRepository;
  readonly activity: ActivityRepository;
  readonly jobs: JobRepository;
  readonly mail: MailOutboxRepository;
  readonly accountTokens: AccountTokenRepository;
  readonly notifications: NotificationRepository;
  readonly watches: WatchRepository;
  readonly uploadLocks: UploadLockRepository;

  constructor(
    private readonly db: Executor,
    readonly dialect: Dialect,
  ) {
    this.organizations = new OrganizationRepository(db);
    this.users = new UserRepository(db);
    this.memberships = new MembershipRepository(db);
    this.invitations = new InvitationRepository(db);
    this.sessions = new SessionRepository(db);
    this.apiKeys = new ApiKeyRepository(db);
    this.loginAttempts = new LoginAttemptRepository(db);
    this.clients = new ClientRepository(db);
    this.portalUsers = new PortalUserRepository(db);
    this.shows = new ShowRepository(db);
    this.episodes = new EpisodeRepository(db);
    this.deliverables = new DeliverableRepository(db);
    this.versions = new VersionRepository(db);
    this.comments = new CommentRepository(db);
    this.commentImports = new CommentImportRepository(db);
    this.carryForward = new CarryForwardRepository(db);
    this.activity = new ActivityRepository(db);
    this.jobs = new JobRepository(db, dialect);
    this.mail = new MailOutboxRepository(db);
    this.accountTokens = new AccountTokenRepository(db);
    this.notifications = new NotificationRepository(db);
    this.watches = new WatchRepository(db);
    this.uploadLocks = new UploadLockRepository(db);
  }

  /** Runs fn in one transaction; nested calls join the outer one. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return (this.db as Kysely<Database>).transaction().execute((trx) => fn(new Store(trx, this.dialect)));
  }

  /** Whether the database answers (the health check). */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  /**
   * The raw executor, for repositories that live outside this class (an integration's own,
   * bound to the same transaction). Nothing else uses it: services and routes go through
   * repositories (a rule test checks it).
   */
  get executor(): Executor {
    return this.db;
  }
}
