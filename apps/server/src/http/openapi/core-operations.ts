import type { ApiOperation } from './api-operation.ts';
import { accountOperations } from './operations/account.operations.ts';
import { accountRecoveryOperations } from './operations/account-recovery.operations.ts';
import { carryForwardOperations } from './operations/carry-forward.operations.ts';
import { mediaOperations } from './operations/media.operations.ts';
import { notificationOperations } from './operations/notifications.operations.ts';
import { portalOperations } from './operations/portal.operations.ts';
import { productionOperations } from './operations/production.operations.ts';
import { referenceOperations } from './operations/reference.operations.ts';
import { versionMediaOperations } from './operations/version-media.operations.ts';

/**
 * Every core `/api/v1` route's OpenAPI entry, by area. Integrations hand theirs to the composition
 * root with their routes (`Integration.operations`), which passes both to the HTTP app.
 */
export const coreOperations: ApiOperation[] = [
  ...accountOperations,
  ...accountRecoveryOperations,
  ...productionOperations,
  ...mediaOperations,
  ...versionMediaOperations,
  ...carryForwardOperations,
  ...portalOperations,
  ...notificationOperations,
  ...referenceOperations,
];
