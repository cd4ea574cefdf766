import { PLAYER_KEYS } from './player-keymap.ts';

/** The `?` overlay: every key of the player, from the same table the handler reads. */
export function KeyHelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <div className="key-help" role="dialog" aria-label="Player keys" data-testid="key-help">
      <div className="comments__header">
        <h2>Player keys</h2>
        <button
          type="button"
          className="btn btn--small btn--ghost"
          onClick={onClose}
          style={{ marginLeft: 'auto' }}
        >
          Close (?)
        </button>
      </div>
      <table>
        <tbody>
          {PLAYER_KEYS.map((b) => (
            <tr key={`${b.label}-${b.command}`}>
              <td>
                <kbd>{b.label}</kbd>
              </td>
              <td>{b.does}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd>Ctrl</kbd> + <kbd>Enter</kbd>
            </td>
            <td>Post the comment being written</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
