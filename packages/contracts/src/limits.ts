/**
 * Input limits as plain numbers, shared by the schemas and the web app's inputs (`maxLength`), so
 * a form refuses in the browser exactly what the API would. No zod here: the web app imports this
 * file without bundling the schemas.
 */
export const ACCOUNT_LIMITS = { name: 120, email: 254, password: 200 } as const;
/** An organization's name at sign-up (and later). */
export const ORGANIZATION_NAME_MAX = 120;
/** A client's name; a show's, episode's or deliverable's title. */
export const TITLE_MAX = 200;
/** A client's notes, a show's description. */
export const NOTES_MAX = 10_000;
/** The highest episode number. */
export const EPISODE_NUMBER_MAX = 1_000_000;
/** An API key's name. */
export const API_KEY_NAME_MAX = 80;
/** A webhook's URL and description. */
export const WEBHOOK_LIMITS = { url: 2000, description: 200 } as const;
/** The longest comment text. */
export const COMMENT_BODY_MAX = 10_000;
/** The longest note a client may send with "Request changes". */
export const REVISION_NOTE_MAX = 5000;
