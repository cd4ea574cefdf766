import { useEffect, useRef } from 'react';
import { commandFor, type PlayerCommand } from './player-keymap.ts';

/** What the keys drive: one function per command of the key table (player-keymap.ts). */
export type PlayerActions = Record<PlayerCommand, () => void>;

const TEXT_INPUT_TYPES = new Set([
  'text',
  'search',
  'email',
  'password',
  'number',
  'url',
  'tel',
  'date',
  'datetime-local',
  'time',
  'file',
]);

/** True while the person is typing or choosing, so letters, arrows and Space go to the field, not the player. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  // A focused radio group (the composer's General / At frame choice) keeps its arrows and Space.
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(target.type) || target.type === 'radio';
  return false;
}

/**
 * Editor-style shortcuts from the key table (player-keymap.ts). Ignored while typing and when
 * Ctrl/Cmd/Alt is held (those belong to the browser).
 */
export function usePlayerShortcuts(actions: PlayerActions): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const command = commandFor(e);
      if (!command) return;
      ref.current[command]();
      // Also stops Space from "clicking" a focused button and arrows from scrolling the page.
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
