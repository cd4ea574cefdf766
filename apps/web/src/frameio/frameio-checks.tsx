import type { FrameioConnectionCheck } from './frameio-types.ts';

const NAMES: Record<string, string> = {
  token: 'Token',
  account: 'Account',
  workspace: 'Workspace',
  write_access: 'Write access',
};

/** The server reports a check it did not run as `ok: false` with a detail starting "Skipped". */
function outcomeOf(c: FrameioConnectionCheck): 'ok' | 'failed' | 'skipped' {
  if (c.ok) return 'ok';
  return /^skipped\b/i.test(c.detail) ? 'skipped' : 'failed';
}

const TONE = { ok: 'ok', failed: 'bad', skipped: 'muted' } as const;

/** Check connection's result: one row per check, in the order the server ran them. */
export function FrameioChecks({ checks }: { checks: FrameioConnectionCheck[] }) {
  const failed = checks.some((c) => outcomeOf(c) === 'failed');
  return (
    <section className="frameio-checks" aria-label="Connection check">
      <h4 className={failed ? 'bad' : 'ok'}>
        {failed ? 'The connection has a problem' : 'Everything works'}
      </h4>
      <ul className="list">
        {checks.map((c) => {
          const outcome = outcomeOf(c);
          return (
            <li
              key={c.name}
              className="frameio-checks__row"
              aria-label={`Check ${NAMES[c.name] ?? c.name}: ${outcome}`}
              data-check={c.name}
              data-outcome={outcome}
            >
              <span className="frameio-checks__name">{NAMES[c.name] ?? c.name}</span>
              <span className={`badge badge--${TONE[outcome]}`}>{outcome}</span>
              <span className="small">{c.detail}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
