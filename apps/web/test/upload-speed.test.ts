import { describe, expect, it } from 'vitest';
import { formatEta, formatSpeed, SpeedMeter } from '../src/lib/upload-speed.ts';

describe('SpeedMeter', () => {
  it('measures over the recent window, not since the start', () => {
    const m = new SpeedMeter(5000);
    expect(m.bytesPerSecond()).toBeNull();
    m.add(0, 0);
    m.add(1_000_000, 1000);
    expect(m.bytesPerSecond()).toBe(1_000_000);
    // A stall long ago drops out of the window.
    m.add(1_000_000, 20_000);
    m.add(3_000_000, 21_000);
    expect(m.bytesPerSecond()).toBe(2_000_000);
  });

  it('formats speed and time left', () => {
    expect(formatSpeed(null)).toBe('—');
    expect(formatSpeed(512)).toBe('512 B/s');
    expect(formatSpeed(2.5 * 1024 * 1024)).toBe('2.5 MB/s');
    expect(formatEta(null)).toBe('—');
    expect(formatEta(42.1)).toBe('43 s left');
    expect(formatEta(125)).toBe('2 min 5 s left');
    expect(formatEta(3 * 3600 + 60)).toBe('3 h 1 min left');
  });
});
