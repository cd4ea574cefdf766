import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** A repository runs its queries on the pool or inside the caller's transaction, unchanged. */
export type Executor = Kysely<Database> | Transaction<Database>;
