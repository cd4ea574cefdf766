import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportMarkers, FORMAT_FILES } from '../src/index.ts';
import { documentFor, TIMINGS } from './marker-fixtures.ts';

// Each format at each rate is compared byte for byte with a file checked into test/golden/.
// The golden files were read by eye when written (the timecodes, the drop-frame labels, the
// escapes); regenerate them with UPDATE_GOLDEN=1 after a deliberate change and read the diff.
const GOLDEN = path.join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

describe('golden files: every format at 23.976, 24, 25, 29.97 DF/NDF and 59.94 DF', () => {
  for (const { name, timing } of TIMINGS) {
    for (const format of EXPORT_FORMATS) {
      const file = path.join(GOLDEN, name, `notes.${FORMAT_FILES[format].extension}`);
      it(`${format} at ${name} matches ${path.relative(GOLDEN, file)}`, () => {
        const text = exportMarkers(format, documentFor(name, timing));
        if (update) {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, text);
        }
        expect(text).toBe(fs.readFileSync(file, 'utf8'));
      });
    }
  }
});
