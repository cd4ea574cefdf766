import { useState } from 'react';

/**
 * A button that asks once inline ("Remove" → "Confirm remove"), instead of a window.confirm()
 * dialog that blocks the page and the e2e browser. `tone="primary"` for a decision that is not
 * destructive but cannot be taken back quietly (Submit for review, Approve: the other side is told).
 */
export function ConfirmButton({
  label,
  confirmLabel,
  ariaLabel,
  onConfirm,
  disabled,
  tone = 'danger',
  title,
}: {
  label: string;
  confirmLabel?: string;
  ariaLabel?: string;
  onConfirm: () => void;
  disabled?: boolean;
  tone?: 'danger' | 'primary';
  title?: string;
}) {
  const [armed, setArmed] = useState(false);
  if (!armed) {
    return (
      <button
        type="button"
        className={`btn btn--small ${tone === 'primary' ? 'btn--primary' : 'btn--ghost'}`}
        aria-label={ariaLabel}
        title={title}
        disabled={disabled}
        onClick={() => setArmed(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button
        type="button"
        className={`btn btn--small ${tone === 'primary' ? 'btn--primary' : 'btn--danger'}`}
        aria-label={ariaLabel ? `Confirm: ${ariaLabel}` : undefined}
        disabled={disabled}
        onClick={() => {
          setArmed(false);
          onConfirm();
        }}
      >
        {confirmLabel ?? `Confirm ${label.toLowerCase()}`}
      </button>
      <button type="button" className="btn btn--small btn--ghost" onClick={() => setArmed(false)}>
        Cancel
      </button>
    </span>
  );
}
