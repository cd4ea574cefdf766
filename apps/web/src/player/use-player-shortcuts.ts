import { useEffect, useRef } from 'react';

export interface PlayerActions {
  togglePlay(): void;
  seekBy(seconds: number): void;
  step(frames: number): void;
  slower(): void;
  faster(): void;
  toggleMute(): void;
  toggleFullscreen(): void;
  commentHere(): void;
}

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

/** True while the person is typing, so letters and Space go into the field, not the player. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(target.type);
  return false;
}

/**
 * Editor-style shortcuts: Space play/pause, ←/→ 5 s, Shift+←/→ 15 s, `,`/`.` one frame,
 * `[`/`]` slower/faster, M mute, F fullscreen, C comment at the current frame. Ignored while
 * typing and when Ctrl/Cmd/Alt is held (those belong to the browser).
 */
export function usePlayerShortcuts(actions: PlayerActions): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const a = ref.current;
      let handled = true;
      switch (e.key) {
        case ' ':
        case 'k':
        case 'K':
          a.togglePlay();
          break;
        case 'ArrowLeft':
          a.seekBy(e.shiftKey ? -15 : -5);
          break;
        case 'ArrowRight':
          a.seekBy(e.shiftKey ? 15 : 5);
          break;
        case ',':
        case '<':
          a.step(-1);
          break;
        case '.':
        case '>':
          a.step(1);
          break;
        case '[':
          a.slower();
          break;
        case ']':
          a.faster();
          break;
        case 'm':
        case 'M':
          a.toggleMute();
          break;
        case 'f':
        case 'F':
          a.toggleFullscreen();
          break;
        case 'c':
        case 'C':
          a.commentHere();
          break;
        default:
          handled = false;
      }
      // Also stops Space from "clicking" a focused button and arrows from scrolling the page.
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
