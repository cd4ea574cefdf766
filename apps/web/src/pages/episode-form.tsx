import { EPISODE_NUMBER_MAX, TITLE_MAX } from '@preroll/contracts/limits';
import { EPISODE_STATUSES, type Episode, type EpisodeStatus } from '../api/types.ts';
import { Field, FormError } from '../components/form-controls.tsx';
import { statusLabel } from '../components/status-badge.tsx';
import { dateOrNull, text } from '../lib/format.ts';

export interface EpisodeInput {
  title: string;
  number: number | null;
  status: EpisodeStatus;
  air_date: string | null;
}

export function EpisodeForm(props: {
  initial?: Episode;
  submitLabel: string;
  error: unknown;
  pending: boolean;
  onSubmit: (v: EpisodeInput) => void;
  onCancel?: () => void;
}) {
  const { initial, error } = props;
  return (
    <form
      className="form form--grid"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const n = text(f.get('number')).trim();
        props.onSubmit({
          title: text(f.get('title')),
          // Sent as typed (a number, or a string the API will name as invalid), never silently dropped.
          number: n === '' ? null : Number.isFinite(Number(n)) ? Number(n) : (n as unknown as number),
          status: text(f.get('status')) as EpisodeStatus,
          air_date: dateOrNull(f.get('air_date')),
        });
      }}
    >
      <FormError error={error} fields={['title', 'number', 'status', 'air_date']} />
      <Field label="Episode title" name="title" error={error}>
        {(p) => <input {...p} defaultValue={initial?.title ?? ''} maxLength={TITLE_MAX} required />}
      </Field>
      <Field label="Number" name="number" error={error}>
        {(p) => (
          <input
            {...p}
            inputMode="numeric"
            pattern="[0-9]*"
            maxLength={String(EPISODE_NUMBER_MAX).length}
            defaultValue={initial?.number ?? ''}
            className="input--short"
          />
        )}
      </Field>
      <Field label="Status" name="status" error={error}>
        {(p) => (
          <select {...p} defaultValue={initial?.status ?? 'planned'}>
            {EPISODE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Air date" name="air_date" error={error}>
        {(p) => <input {...p} type="date" defaultValue={initial?.air_date ?? ''} />}
      </Field>
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={props.pending}>
          {props.submitLabel}
        </button>
        {props.onCancel ? (
          <button type="button" className="btn btn--ghost" onClick={props.onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
