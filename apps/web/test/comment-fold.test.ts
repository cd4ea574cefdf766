import { describe, expect, it } from 'vitest';
import { FOLD_CHARS, FOLD_LINES, foldedText } from '../src/player/comment-body.tsx';

describe('foldedText', () => {
  it('leaves comments of up to 6 lines and 500 characters whole', () => {
    expect(foldedText('Six lines\n2\n3\n4\n5\n6')).toBeNull();
    expect(foldedText('x'.repeat(FOLD_CHARS))).toBeNull();
  });

  it('folds a seventh line away and marks the cut', () => {
    const body = Array.from({ length: 7 }, (_, i) => `line ${i + 1}`).join('\n');
    expect(foldedText(body)).toBe('line 1\nline 2\nline 3\nline 4\nline 5\nline 6…');
    expect(foldedText(body)!.split('\n')).toHaveLength(FOLD_LINES);
  });

  it('folds one long line to 500 characters', () => {
    const folded = foldedText(`${'word '.repeat(150)}end`)!;
    expect(folded.endsWith('…')).toBe(true);
    expect(folded.length).toBeLessThanOrEqual(FOLD_CHARS + 1);
  });
});
