import { frameRate } from '@preroll/timecode';
import { describe, expect, it } from 'vitest';
import {
  exportMarkers,
  type MarkerTiming,
  PlacementError,
  parseMarkers,
  placeMarkers,
} from '../src/index.ts';
import { documentFor } from './marker-fixtures.ts';

const df2997: MarkerTiming = {
  rate: frameRate(30000, 1001),
  startFrame: 107892,
  dropFrame: true,
  durationFrames: 17982,
};
const at = (
  timing: MarkerTiming,
  text: string,
  format: 'edl' | 'avid' | 'csv' | 'xmeml' | 'fcpxml' | 'resolve-edl',
) => placeMarkers(parseMarkers(format, text), timing, { align: 'timecode', fileStart: null });
const avidLine = (tc: string, text = 'note') => `Ed\t${tc}\tV1\tred\t${text}\t1\n`;

describe('placing markers on a version: rate, drop-frame and start timecode', () => {
  it('an EDL saying FCM: DROP FRAME but writing ":" is read as drop-frame (01:01:00:02 → frame 1800)', () => {
    const edl =
      'TITLE: x\nFCM: DROP FRAME\n\n001  AX       V     C        01:00:00:00 01:10:00:00 01:00:00:00 01:10:00:00\n* LOC: 01:01:00:02 RED     n\n';
    expect(at(df2997, edl, 'edl').markers[0]).toMatchObject({
      frame: 1800,
      timecode: '01:01:00;02',
      status: 'ok',
    });
  });

  it('a ":" timecode drop-frame skips, on a drop-frame version with no FCM, is read as non-drop', () => {
    const timing = { ...df2997, startFrame: 0 };
    const placed = at(timing, avidLine('00:01:00:00'), 'avid');
    expect(placed.markers[0]).toMatchObject({ frame: 1800, status: 'ok' });
  });

  it('a drop-frame file on a non-drop version says so in a warning and keeps the file’s counting', () => {
    const ndf = { ...df2997, dropFrame: false, startFrame: 108000 };
    const placed = at(ndf, avidLine('01:01:00;02'), 'avid');
    // 01:01:00;02 is 109692 frames after midnight; the version's 01:00:00:00 is 108000.
    expect(placed.markers[0]).toMatchObject({ frame: 1692, timecode: '01:00:56:12', status: 'ok' });
    expect(placed.warnings.map((w) => w.code)).toEqual(['drop_frame_mismatch']);
  });

  it('markers before the start and after the end are reported with a reason, never dropped', () => {
    const placed = at(
      df2997,
      avidLine('00:59:59;29', 'early') + avidLine('01:10:00;00', 'late') + avidLine('01:00:00;00'),
      'avid',
    );
    expect(placed.markers.map((m) => [m.status, m.reason === null ? null : m.reason.split(' (')[0]])).toEqual(
      [
        ['out_of_range', 'before the version starts'],
        ['out_of_range', 'after the version ends'],
        ['ok', null],
      ],
    );
    expect(placed.markers[1]).toMatchObject({ frame: 17982, text: 'late' });
  });

  it('a timecode that cannot exist at the rate (frame 29 at 25 fps) is unplaceable, with the reason', () => {
    const pal: MarkerTiming = { rate: frameRate(25), startFrame: 0, dropFrame: false, durationFrames: 1000 };
    const placed = at(pal, avidLine('00:00:01:29'), 'avid');
    expect(placed.markers[0]).toMatchObject({ status: 'unplaceable', frame: null });
    expect(placed.markers[0]!.reason).toMatch(/frames must be below 25/);
  });

  it('a file whose timeline starts elsewhere: all out of range by timecode (with a hint), right by start', () => {
    const zero = { ...df2997, startFrame: 0 };
    const edl = exportMarkers('edl', {
      ...documentFor('z', zero),
      notes: documentFor('z', zero).notes.slice(0, 3),
    });
    const byTimecode = at(df2997, edl, 'edl');
    expect(byTimecode.markers.every((m) => m.status === 'out_of_range')).toBe(true);
    expect(byTimecode.warnings.map((w) => w.code)).toContain('start_timecode_differs');
    const byStart = placeMarkers(parseMarkers('edl', edl), df2997, { align: 'start', fileStart: null });
    expect(byStart.markers.map((m) => m.frame)).toEqual([0, 1799, 1800]);
    expect(byStart.markers[2]!.timecode).toBe('01:01:00;02');
  });

  it('align by start needs the start when the file does not say it (a Resolve marker EDL)', () => {
    const edl = exportMarkers('resolve-edl', documentFor('r', df2997));
    expect(() =>
      placeMarkers(parseMarkers('resolve-edl', edl), df2997, { align: 'start', fileStart: null }),
    ).toThrow(PlacementError);
    const placed = placeMarkers(parseMarkers('resolve-edl', edl), df2997, {
      align: 'start',
      fileStart: '01:00:00;00',
    });
    expect(placed.markers[0]).toMatchObject({ frame: 0, status: 'ok' });
  });

  it('xmeml at 25 fps on a 29.97 version: placed by time, with a rate warning', () => {
    const pal: MarkerTiming = {
      rate: frameRate(25),
      startFrame: 90000,
      dropFrame: false,
      durationFrames: 90000,
    };
    const doc = { ...documentFor('p', pal), notes: [{ ...documentFor('p', pal).notes[0]!, frame: 250 }] };
    const ntsc = { ...df2997, startFrame: 0, durationFrames: 200000 };
    const placed = placeMarkers(parseMarkers('xmeml', exportMarkers('xmeml', doc)), ntsc, {
      align: 'start',
      fileStart: null,
    });
    // 250 frames at 25 fps = 10 s = 299.7 frames at 29.97: the frame showing then is 299.
    expect(placed.markers[0]).toMatchObject({ frame: 299, status: 'ok' });
    expect(placed.warnings.map((w) => w.code)).toEqual(['rate_mismatch', 'not_on_frame_boundary']);
  });

  it('an FCPXML time between two frames goes on the frame showing then, with a warning', () => {
    const xml = `<fcpxml version="1.10"><resources><format id="r1" frameDuration="1001/30000s"/></resources><event><project name="p"><sequence format="r1" tcStart="0s"><spine><asset-clip ref="a" offset="0s" start="0s" duration="100s"><marker start="1s" value="one second"/></asset-clip></spine></sequence></project></event></fcpxml>`;
    const placed = at({ ...df2997, startFrame: 0 }, xml, 'fcpxml');
    expect(placed.markers[0]).toMatchObject({ frame: 29, status: 'ok' });
    expect(placed.warnings.map((w) => w.code)).toEqual(['not_on_frame_boundary']);
  });

  it('a programme running past midnight: 00:00:10:00 after a 23:59:00:00 start is 70 s in', () => {
    const timing: MarkerTiming = {
      rate: frameRate(25),
      startFrame: (23 * 3600 + 59 * 60) * 25,
      dropFrame: false,
      durationFrames: 25 * 120,
    };
    expect(at(timing, avidLine('00:00:10:00'), 'avid').markers[0]).toMatchObject({
      frame: 70 * 25,
      status: 'ok',
    });
  });

  it('a marker running past the end is shortened to end with the version, and says so', () => {
    const timing: MarkerTiming = {
      rate: frameRate(25),
      startFrame: 0,
      dropFrame: false,
      durationFrames: 100,
    };
    const placed = at(timing, 'Ed\t00:00:03:00\tV1\tred\tlong\t50\n', 'avid');
    expect(placed.markers[0]).toMatchObject({
      frame: 75,
      durationFrames: 25,
      status: 'ok',
      reason: 'shortened to end with the version',
    });
  });
});
