import { describe, expect, it } from 'vitest';
import { decodeMarkerFile, MarkerParseError, parseMarkers } from '../src/index.ts';

describe('parsers refuse what is not their format', () => {
  const cases: Array<[Parameters<typeof parseMarkers>[0], string, RegExp]> = [
    ['edl', 'Timecode,Text\n01:00:00:00,hi\n', /not an EDL/],
    ['fcpxml', '<xmeml version="4"/>', /root element is <xmeml>/],
    ['fcpxml', '<fcpxml><marker start="1s"', /not a readable FCPXML file/],
    ['xmeml', '<?xml version="1.0"?><xmeml version="4"></xmeml>', /no <sequence>/],
    [
      'xmeml',
      '<xmeml><sequence><rate><timebase>x</timebase></rate></sequence></xmeml>',
      /not a whole number/,
    ],
    ['avid', 'just some words\n', /not an Avid marker list: line 1/],
    ['csv', 'Name,Colour\nA,red\n', /no position column/],
    ['csv', 'Timecode,Text\n01:00:00:00,"unterminated\n', /ends inside a quoted field/],
    ['fcpxml', '<fcpxml version="1.10"><marker value="no start"/></fcpxml>', /marker 1 has no start time/],
  ];
  for (const [format, text, message] of cases) {
    it(`${format}: ${message.source}`, () => {
      expect(() => parseMarkers(format, text)).toThrow(MarkerParseError);
      expect(() => parseMarkers(format, text)).toThrow(message);
    });
  }

  it('a binary file is refused before any parser sees it', () => {
    expect(() => decodeMarkerFile(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))).toThrow(/binary/);
  });
});

describe('parsers read other tools’ files', () => {
  it('a review tool’s CSV: semicolons, other column names, a quoted line break, the formula guard', () => {
    const csv =
      'Comment;Commenter;Timecode;Duration\r\n"two\nlines";Casey;01:00:01:00;12\r\n\'=cut here;Sam;01:00:02:00;\r\n';
    const file = parseMarkers('csv', csv);
    expect(file.markers.map((m) => [m.text, m.author, m.position, m.length])).toEqual([
      [
        'two\nlines',
        'Casey',
        { kind: 'timecode', timecode: '01:00:01:00', dropFrame: null },
        { kind: 'frames', frames: 12 },
      ],
      ['=cut here', 'Sam', { kind: 'timecode', timecode: '01:00:02:00', dropFrame: null }, null],
    ]);
  });

  it('a CSV row with no position is kept and marked, not skipped', () => {
    const file = parseMarkers('csv', 'Timecode,Text\n,general note\n');
    expect(file.markers[0]!.position).toEqual({
      kind: 'unknown',
      reason: 'no timecode, frame or seconds in row 2',
    });
  });

  it('a Resolve marker EDL with notes that start with digits and no notes at all', () => {
    const edl = [
      'TITLE: Timeline 1',
      'FCM: NON-DROP FRAME',
      '',
      '001  001      V     C        01:00:05:00 01:00:05:01 01:00:05:00 01:00:05:01  ',
      ' |C:ResolveColorBlue |M:Marker 1 |D:1',
      '',
      '002  001      V     C        01:00:06:00 01:00:06:10 01:00:06:00 01:00:06:10  ',
      ' 3 frames late |C:ResolveColorGreen |M:Sync |D:10',
    ].join('\r\n');
    const file = parseMarkers('resolve-edl', edl);
    expect(file.markers.map((m) => [m.position, m.name, m.text, m.length])).toEqual([
      [{ kind: 'timecode', timecode: '01:00:05:00', dropFrame: false }, 'Marker 1', '', null],
      [
        { kind: 'timecode', timecode: '01:00:06:00', dropFrame: false },
        'Sync',
        '3 frames late',
        { kind: 'frames', frames: 10 },
      ],
    ]);
  });

  it('text files in UTF-16 (with a byte-order mark) and in a Windows code page decode', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(Buffer.from('Ed\t01:00:00:00', 'utf16le'))]);
    expect(decodeMarkerFile(utf16)).toBe('Ed\t01:00:00:00');
    expect(decodeMarkerFile(new Uint8Array([0x43, 0x61, 0x66, 0xe9]))).toBe('Café');
  });
});
