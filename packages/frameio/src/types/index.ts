export type * from './assets.ts';
export type * from './comments.ts';
export type * from './common.ts';
export type * from './metadata.ts';
export type * from './projects.ts';
export type * from './shares.ts';
export type * from './webhooks.ts';
