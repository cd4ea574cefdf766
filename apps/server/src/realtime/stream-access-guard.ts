import type { Actor } from '../lib/actor.ts';
import { concernsStream, isAccessEvent, type StreamCredential, sameAccess } from './access-events.ts';
import type { RealtimeEvent } from './event-bus.ts';

/** More events than this arriving during one re-check end the stream (the client refetches anyway). */
const MAX_HELD_EVENTS = 1_000;

export interface StreamAccessGuardOptions {
  credential: StreamCredential;
  /** Who the stream was opened for. */
  actor: Actor;
  /** AuthService.currentActor: who the credential acts as now (null: nobody). */
  currentActor: (credential: StreamCredential) => Promise<Actor | null>;
  /** Sends an event to the client. */
  deliver: (event: RealtimeEvent) => void;
  /** Ends the stream (access is gone or changed). Called at most once. */
  end: () => void;
}

/**
 * Keeps an open SSE stream within the access it was opened with. It sits between the bus and the
 * stream: an access event that concerns the stream starts a re-check of its credential, and every
 * event arriving meanwhile is held back. Access unchanged: the held events go out in order.
 * Changed or gone (or the check itself failed): the stream ends and the held events are dropped,
 * so nothing published after a revocation reaches the revoked credential.
 */
export class StreamAccessGuard {
  private checking = false;
  private checkAgain = false;
  private ended = false;
  private held: RealtimeEvent[] = [];

  constructor(private readonly opts: StreamAccessGuardOptions) {}

  /** The bus listener for the stream's organization. */
  readonly onEvent = (event: RealtimeEvent): void => {
    if (this.ended) return;
    if (isAccessEvent(event)) {
      if (concernsStream(event, this.opts.credential, this.opts.actor)) this.recheck();
      return;
    }
    if (!this.checking) {
      this.opts.deliver(event);
      return;
    }
    this.held.push(event);
    if (this.held.length > MAX_HELD_EVENTS) this.finish();
  };

  /** Re-checks the credential now (also called by the periodic safety net). */
  recheck(): void {
    if (this.ended) return;
    if (this.checking) {
      // A change committed after the running check read the database: check once more.
      this.checkAgain = true;
      return;
    }
    this.checking = true;
    void this.run();
  }

  /** The stream went away: hold nothing more, end nothing. */
  stop(): void {
    this.ended = true;
    this.held = [];
  }

  private async run(): Promise<void> {
    do {
      this.checkAgain = false;
      let granted: boolean;
      try {
        granted = sameAccess(this.opts.actor, await this.opts.currentActor(this.opts.credential));
      } catch {
        // Fail closed: a client whose access is intact reconnects and is authenticated afresh.
        granted = false;
      }
      if (this.ended) return;
      if (!granted) {
        this.finish();
        return;
      }
    } while (this.checkAgain);
    this.checking = false;
    const held = this.held;
    this.held = [];
    for (const event of held) this.opts.deliver(event);
  }

  private finish(): void {
    if (this.ended) return;
    this.stop();
    this.opts.end();
  }
}
