import { type ReactNode, useId } from 'react';
import { ApiError } from '../api/api-client.ts';

/** The API names fields in snake_case paths (`contact_email`, `metadata.filename`). */
function fieldOf(error: unknown): string | undefined {
  return error instanceof ApiError ? error.field : undefined;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * A labelled input; shows the API's message under it when the error is about this field, so the
 * person sees what to fix right where they typed it.
 */
export function Field(props: {
  label: string;
  name: string;
  error?: unknown;
  hint?: ReactNode;
  children: (p: {
    id: string;
    name: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
  }) => ReactNode;
}) {
  const id = useId();
  const errId = `${id}-err`;
  const mine = fieldOf(props.error) === props.name;
  return (
    <div className={`field${mine ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({
        id,
        name: props.name,
        'aria-invalid': mine,
        'aria-describedby': mine ? errId : undefined,
      })}
      {mine ? (
        <div className="field__error" id={errId} role="alert">
          {errorMessage(props.error)}
        </div>
      ) : props.hint ? (
        <div className="field__hint">{props.hint}</div>
      ) : null}
    </div>
  );
}

/**
 * The error of a form that is not about one of its fields (conflicts, permissions, network),
 * shown at the top of that form.
 */
export function FormError({ error, fields = [] }: { error: unknown; fields?: string[] }) {
  if (!error) return null;
  const field = fieldOf(error);
  if (field && fields.includes(field)) return null;
  return <ErrorNotice error={error} />;
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div className="notice notice--error" role="alert">
      <span>{errorMessage(error)}</span>
      {code ? <code className="notice__code">{code}</code> : null}
      {onRetry ? (
        <button type="button" className="btn btn--small" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

export function LoadMore({
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  label = 'Load more',
}: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  label?: string;
}) {
  if (!hasNextPage) return null;
  return (
    <div className="load-more">
      <button
        type="button"
        className="btn"
        disabled={isFetchingNextPage}
        onClick={() => void fetchNextPage()}
      >
        {isFetchingNextPage ? 'Loading…' : label}
      </button>
    </div>
  );
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="spinner" role="status" aria-live="polite">
      <span className="spinner__dot" aria-hidden="true" />
      {label}…
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
