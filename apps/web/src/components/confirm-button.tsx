import { useState } from 'react';

/**
 * A destructive button that asks once inline ("Remove" → "Confirm remove"), instead of a
 * window.confirm() dialog that blocks the page and the e2e browser.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  ariaLabel,
  onConfirm,
  disabled,
}: {
  label: string;
  confirmLabel?: string;
  ariaLabel?: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [armed, setArmed] = useState(false);
  if (!armed) {
    return (
      <button
        type="button"
        className="btn btn--small btn--ghost"
        aria-label={ariaLabel}
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
        className="btn btn--small btn--danger"
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
