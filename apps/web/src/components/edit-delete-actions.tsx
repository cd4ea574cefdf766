import { ConfirmButton } from './confirm-button.tsx';

/**
 * The "Edit <noun>" toggle and the confirmed "Delete" of a detail page's header (client, show,
 * episode): one markup, so the accessible names stay the same everywhere.
 */
export function EditDeleteActions(props: {
  noun: string;
  editing: boolean;
  onToggleEdit: () => void;
  onDelete: () => void;
  deleting: boolean;
}) {
  return (
    <div className="page__actions">
      <button type="button" className="btn" onClick={props.onToggleEdit} aria-expanded={props.editing}>
        Edit {props.noun}
      </button>
      <ConfirmButton
        label="Delete"
        ariaLabel={`Delete ${props.noun}`}
        onConfirm={props.onDelete}
        disabled={props.deleting}
      />
    </div>
  );
}
