import { isAtLeast, type MemberActor } from '../lib/actor.ts';
import { forbidden } from '../lib/errors.ts';
import type { MediaStorage } from '../repositories/media-storage.ts';
import type { Store } from '../repositories/store.ts';
import type { MediaScope } from '../repositories/version.repository.ts';
import type { ServiceDeps } from './service-deps.ts';

/**
 * Deleting a client, show, episode or deliverable cascades to its versions in the database; their
 * files on disk are removed here, after the commit (a rolled-back delete keeps its files).
 * Uploaded media is the expensive thing to lose, so members may delete only what holds none.
 */
export class CascadeMedia {
  private readonly files: MediaStorage;

  constructor(deps: ServiceDeps) {
    this.files = deps.files;
  }

  /** Inside the delete's transaction, before the rows go: the files to remove afterwards. */
  async collect(tx: Store, actor: MemberActor, scope: MediaScope, what: string): Promise<string[]> {
    const keys = await tx.versions.storageKeysUnder(actor.orgId, scope);
    if (keys.length > 0 && !isAtLeast(actor.role, 'admin')) {
      throw forbidden(
        `This ${what} has uploaded versions; only an admin can delete it`,
        'admin_required_for_media',
      );
    }
    return keys;
  }

  /** After the commit. */
  removeFiles(keys: string[]): Promise<void> {
    return this.files.removeAll(keys);
  }
}
