/**
 * The player's keys, in one table: what the `?` overlay lists is what the handler does. Letters
 * match either case unless the entry says Shift. Ctrl/Cmd/Alt combinations belong to the browser.
 */
export type PlayerCommand =
  | 'togglePlay'
  | 'shuttleForward'
  | 'shuttleBackward'
  | 'stop'
  | 'stepBack'
  | 'stepForward'
  | 'stepBack10'
  | 'stepForward10'
  | 'markIn'
  | 'markOut'
  | 'clearRange'
  | 'toggleLoop'
  | 'goToTimecode'
  | 'goToStart'
  | 'goToEnd'
  | 'previousComment'
  | 'nextComment'
  | 'slower'
  | 'faster'
  | 'toggleMute'
  | 'toggleFullscreen'
  | 'commentHere'
  | 'toggleHelp';

export interface KeyBinding {
  /** `KeyboardEvent.key` values (either case for letters). */
  keys: string[];
  shift?: boolean;
  command: PlayerCommand;
  /** As the overlay shows the key. */
  label: string;
  does: string;
}

export const PLAYER_KEYS: KeyBinding[] = [
  { keys: [' '], command: 'togglePlay', label: 'Space', does: 'Play / pause' },
  { keys: ['l'], command: 'shuttleForward', label: 'L', does: 'Play forward; again: 2×, 4×' },
  { keys: ['j'], command: 'shuttleBackward', label: 'J', does: 'Play backward; again: 2×, 4×' },
  { keys: ['k'], command: 'stop', label: 'K', does: 'Pause (on a frame)' },
  { keys: ['ArrowLeft'], shift: false, command: 'stepBack', label: '←', does: 'One frame back' },
  { keys: ['ArrowRight'], shift: false, command: 'stepForward', label: '→', does: 'One frame forward' },
  { keys: ['ArrowLeft'], shift: true, command: 'stepBack10', label: 'Shift + ←', does: '10 frames back' },
  {
    keys: ['ArrowRight'],
    shift: true,
    command: 'stepForward10',
    label: 'Shift + →',
    does: '10 frames forward',
  },
  { keys: [','], command: 'stepBack', label: ',', does: 'One frame back' },
  { keys: ['.'], command: 'stepForward', label: '.', does: 'One frame forward' },
  { keys: ['i'], command: 'markIn', label: 'I', does: 'Mark in (range start)' },
  { keys: ['o'], command: 'markOut', label: 'O', does: 'Mark out (range end)' },
  { keys: ['x'], command: 'clearRange', label: 'X', does: 'Clear in and out' },
  { keys: ['p'], command: 'toggleLoop', label: 'P', does: 'Loop in → out on / off' },
  { keys: ['g'], command: 'goToTimecode', label: 'G', does: 'Go to a timecode or frame' },
  { keys: ['Home'], command: 'goToStart', label: 'Home', does: 'First frame' },
  { keys: ['End'], command: 'goToEnd', label: 'End', does: 'Last frame' },
  { keys: ['['], command: 'previousComment', label: '[', does: 'Previous comment' },
  { keys: [']'], command: 'nextComment', label: ']', does: 'Next comment' },
  { keys: ['-'], command: 'slower', label: '−', does: 'Slower' },
  { keys: ['=', '+'], command: 'faster', label: '+', does: 'Faster' },
  { keys: ['m'], command: 'toggleMute', label: 'M', does: 'Mute / unmute' },
  { keys: ['f'], command: 'toggleFullscreen', label: 'F', does: 'Fullscreen' },
  {
    keys: ['c'],
    command: 'commentHere',
    label: 'C',
    does: 'Comment here (on the range when in/out are set)',
  },
  { keys: ['?'], command: 'toggleHelp', label: '?', does: 'Show / hide this list' },
];

/** The command a key press means, or undefined. */
export function commandFor(e: Pick<KeyboardEvent, 'key' | 'shiftKey'>): PlayerCommand | undefined {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  for (const b of PLAYER_KEYS) {
    if (!b.keys.includes(key)) continue;
    if (b.shift !== undefined && b.shift !== e.shiftKey) continue;
    return b.command;
  }
  return undefined;
}
