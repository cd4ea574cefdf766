/**
 * Input limits as plain numbers, shared by the schemas and the web app's inputs (`maxLength`), so
 * a form refuses in the browser exactly what the API would. No zod here: the web app imports this
 * file without bundling the schemas.
 */
export const ACCOUNT_LIMITS = { name: 120, email: 254, password: 200 } as const;
/** The longest comment text. */
export const COMMENT_BODY_MAX = 10_000;
/** The longest note a client may send with "Request changes". */
export const REVISION_NOTE_MAX = 5000;
