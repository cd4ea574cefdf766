import { useMutation } from '@tanstack/react-query';
import { patch } from '../api/api-client.ts';
import type { Comment } from '../api/types.ts';
import { ErrorNotice } from '../components/form-controls.tsx';
import { formatDateTime } from '../lib/format.ts';

/** Open / done / all: which threads the list shows (the timeline keeps every marker, dimming done ones). */
export type StatusFilter = 'open' | 'done' | 'all';

export function filterThreads(threads: Comment[], filter: StatusFilter): Comment[] {
  return filter === 'all' ? threads : threads.filter((t) => t.completed === (filter === 'done'));
}

export function StatusFilterControl({
  value,
  onChange,
  counts,
}: {
  value: StatusFilter;
  onChange: (f: StatusFilter) => void;
  counts: Record<StatusFilter, number>;
}) {
  const options: Array<[StatusFilter, string]> = [
    ['open', 'Open'],
    ['done', 'Done'],
    ['all', 'All'],
  ];
  return (
    <fieldset className="segmented" aria-label="Show comments">
      {options.map(([f, label]) => (
        <button
          key={f}
          type="button"
          className="btn btn--small btn--ghost"
          aria-pressed={value === f}
          onClick={() => onChange(f)}
        >
          {label} <span className="muted">{counts[f]}</span>
        </button>
      ))}
    </fieldset>
  );
}

/**
 * Mark a thread done or reopen it; shows who did it and when. Team members may do it on any
 * thread, a client on their own (the API says the same).
 */
export function CompletionToggle({
  comment: c,
  mayToggle,
  onRefresh,
}: {
  comment: Comment;
  mayToggle: boolean;
  onRefresh: () => unknown;
}) {
  const toggle = useMutation({
    mutationFn: (completed: boolean) => patch<Comment>(`/comments/${c.id}`, { completed }),
    onSuccess: () => void onRefresh(),
  });
  return (
    <>
      {c.completed ? (
        <span className="comment__done small" data-testid="comment-done">
          ✓ Done{c.completed_by ? ` by ${c.completed_by.name}` : ''}
          {c.completed_at ? (
            <time className="muted" dateTime={c.completed_at}>
              {' '}
              · {formatDateTime(c.completed_at)}
            </time>
          ) : null}
        </span>
      ) : null}
      {mayToggle ? (
        <button
          type="button"
          className="btn btn--link"
          disabled={toggle.isPending}
          onClick={() => toggle.mutate(!c.completed)}
          aria-label={
            c.completed ? `Reopen comment by ${c.author.name}` : `Mark comment by ${c.author.name} done`
          }
        >
          {c.completed ? 'Reopen' : 'Mark done'}
        </button>
      ) : null}
      <ErrorNotice error={toggle.error} />
    </>
  );
}
