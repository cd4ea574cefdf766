import type { CommentWithIncludes } from '@preroll/frameio';
import type { CommentRow } from '../../../repositories/comment.repository.ts';

/**
 * Who speaks in a comment that crosses to Frame.io. A V4 comment is authored by the user whose
 * token creates it (docs/frameio-api-notes.md, "Comments and framestamps"): every comment preroll
 * pushes shows the connected Frame.io user as its owner. So the text says who wrote it when that
 * is someone else, and the prefix is taken off again when such a comment comes back:
 *
 *   the connected user's own comment        body
 *   the connected user's own reply          [Reply to Olive Owner] body
 *   another team member                     [Sam Editor] body
 *   a client (portal user)                  [Dana Client (client)] body
 *   someone else's reply                    [Dana Client (client), reply to Olive Owner] body
 *
 * V4 has no public reply-create endpoint (docs/frameio-api-notes.md, "Comment replies"): a preroll
 * reply goes to Frame.io as a top-level comment at its thread's frame, marked with whom it answers.
 */

/** The preroll user who connected Frame.io: the person behind the token's Frame.io user. */
export type ConnectedAuthor = string | null;

/** A name inside the brackets: no brackets or line breaks (they would end the prefix early). */
function cleanName(name: string): string {
  const cleaned = name
    .replace(/[[\]\r\n]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
  return cleaned || 'someone';
}

/**
 * Appended to the text of a comment with a drawing: Frame.io's `annotation` is "JSON geometry"
 * with no public format (docs/frameio-api-notes.md, "Annotations"), so the drawing stays in
 * preroll and Frame.io's reviewers are told it is there.
 */
export const DRAWING_MARKER = '[drawing in preroll]';

/** The text preroll sends to Frame.io for a comment (its parent given for a reply). */
export function remoteTextOf(
  comment: CommentRow,
  parent: CommentRow | undefined,
  connectedBy: ConnectedAuthor,
): string {
  const text = speakerTextOf(comment, parent, connectedBy);
  return comment.drawing_json ? `${text}\n\n${DRAWING_MARKER}` : text;
}

function speakerTextOf(
  comment: CommentRow,
  parent: CommentRow | undefined,
  connectedBy: ConnectedAuthor,
): string {
  const own =
    comment.author_type === 'user' && connectedBy !== null && comment.author_user_id === connectedBy;
  const author = own
    ? null
    : `${cleanName(comment.author_name)}${comment.author_type === 'portal_user' ? ' (client)' : ''}`;
  const replyTo = parent ? cleanName(parent.author_name) : null;
  if (author === null) return replyTo === null ? comment.body : `[Reply to ${replyTo}] ${comment.body}`;
  return `[${author}${replyTo === null ? '' : `, reply to ${replyTo}`}] ${comment.body}`;
}

const PREFIX = /^\[([^[\]\r\n]+)\] ([\s\S]*)$/;
const AUTHOR = /^(.+?)( \(client\))?(?:, reply to (.+))?$/;

/**
 * The author and text a Frame.io comment stands for in preroll. Only a comment owned by the
 * connected Frame.io user can carry preroll's author prefix; anyone else's text is theirs, verbatim.
 */
export function localAuthorOf(
  remote: CommentWithIncludes,
  connectedFrameioUserId: string,
): { authorName: string; body: string } {
  const ownerName = remote.owner?.name ?? 'Frame.io user';
  if (remote.owner?.id !== connectedFrameioUserId) return { authorName: ownerName, body: remote.text };
  const prefixed = PREFIX.exec(remote.text);
  const inner = prefixed?.[1];
  if (!prefixed || inner === undefined || inner.startsWith('Reply to ')) {
    return { authorName: ownerName, body: remote.text };
  }
  const parts = AUTHOR.exec(inner);
  const name = parts?.[1];
  if (!parts || !name) return { authorName: ownerName, body: remote.text };
  const body = prefixed[2] ?? '';
  return { authorName: name, body: parts[3] ? `[Reply to ${parts[3]}] ${body}` : body };
}
