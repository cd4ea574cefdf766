import { useId, useState } from 'react';

/** A comment longer than this many lines or characters is folded until "Show more". */
export const FOLD_LINES = 6;
export const FOLD_CHARS = 500;

/** The part of `body` shown folded, or null when it is short enough to show whole. */
export function foldedText(body: string): string | null {
  const lines = body.split('\n');
  if (lines.length <= FOLD_LINES && body.length <= FOLD_CHARS) return null;
  const head = lines.slice(0, FOLD_LINES).join('\n').slice(0, FOLD_CHARS);
  return `${head.trimEnd()}…`;
}

/**
 * A comment's text. Long ones fold so one essay does not push every other note off the column;
 * the toggle is a real button, so the keyboard reaches it.
 */
export function CommentBody({ body }: { body: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const folded = foldedText(body);
  return (
    <>
      {/* Rendered as text: React escapes it, so markup from anyone (or Frame.io) stays inert. */}
      <p className="comment__body" id={id} data-folded={folded !== null && !open ? '' : undefined}>
        {folded !== null && !open ? folded : body}
      </p>
      {folded !== null ? (
        <button
          type="button"
          className="btn btn--link comment__more"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen((v) => !v)}
        >
          {open ? 'Show less' : 'Show more'}
        </button>
      ) : null}
    </>
  );
}
