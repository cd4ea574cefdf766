import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Attack: stored XSS. A comment, a client name or a Frame.io reviewer's text carries markup that
 * the web app would insert as HTML, running script in a producer's session.
 * Promise: apps/web renders every text through React's escaping; no source file uses
 * `dangerouslySetInnerHTML` or a raw DOM HTML sink, so there is no path from data to markup.
 * (The API stores and returns text verbatim, comments.test.ts; escaping is the renderer's job.)
 */
const WEB_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/src');

/** Ways to turn a string into markup or code in a React app. */
const SINKS = [
  'dangerouslySetInnerHTML',
  'innerHTML',
  'outerHTML',
  'insertAdjacentHTML',
  'document.write',
  'createContextualFragment',
  'new Function(',
  'eval(',
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(tsx?|jsx?|html)$/.test(entry.name) ? [full] : [];
  });
}

describe('no HTML injection sinks in apps/web', () => {
  it('no source file under apps/web/src uses dangerouslySetInnerHTML, innerHTML, document.write or eval', () => {
    const files = sourceFiles(WEB_SRC);
    // Sanity: the walk found the app (the player and the portal are where user text is shown).
    expect(files.length).toBeGreaterThan(40);
    expect(files.some((f) => f.endsWith(path.join('player', 'comment-item.tsx')))).toBe(true);
    const hits: string[] = [];
    for (const file of files) {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const sink of SINKS) {
          if (line.includes(sink)) hits.push(`${path.relative(WEB_SRC, file)}:${i + 1}: ${sink}`);
        }
      });
    }
    expect(hits).toEqual([]);
  });
});
