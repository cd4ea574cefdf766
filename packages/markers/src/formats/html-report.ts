import { formatFrameRate, frameRateLabel, framesToSeconds } from '@preroll/timecode';
import type { MarkerDocument, MarkerNote, MarkerThumbnail } from '../marker-types.ts';
import { lengthOf, oneLine } from '../note-text.ts';
import { timecodeOf } from '../timing-text.ts';
import { escapeXml } from '../xml-text.ts';

// The printable report: one self-contained HTML page (inline styles, no script) listing each
// note with its thumbnail when the version has pictures, timecode, frame, author, status and the
// thread. Printing it from the browser (or "Save as PDF") gives the PDF. Every value is escaped;
// thumbnail URLs are used only when they are plain URLs (they end up inside CSS).

const PLAIN_URL = /^[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+$/;

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;color:#111;margin:24px}
h1{font-size:20px;margin:0 0 4px}
.facts{color:#555;margin:0 0 16px}
table{border-collapse:collapse;width:100%}
th,td{border-top:1px solid #ccc;padding:8px;vertical-align:top;text-align:left}
th{font-size:12px;text-transform:uppercase;color:#555}
.tc{font-family:ui-monospace,monospace;white-space:nowrap}
.thumb{width:160px}
.thumb img,.tile{width:160px;height:90px;object-fit:cover;background:#eee;display:block}
.text{white-space:pre-wrap}
.reply{margin:6px 0 0 12px;color:#333;white-space:pre-wrap}
.status-done{color:#176b2c}.status-open{color:#9a1b1b}
@media print{body{margin:0}tr{break-inside:avoid}a{color:inherit}}
`;

function thumbnailCell(thumb: MarkerThumbnail | null): string {
  if (!thumb || !PLAIN_URL.test(thumb.url)) return '<td class="thumb"></td>';
  const url = escapeXml(thumb.url);
  if (!thumb.tile) return `<td class="thumb"><img src="${url}" alt=""></td>`;
  const { x, y, width, height } = thumb.tile;
  const style = `background:url('${url}') -${x}px -${y}px;width:${width}px;height:${height}px`;
  return `<td class="thumb"><div class="tile" style="${style}"></div></td>`;
}

function noteRow(note: MarkerNote, doc: MarkerDocument): string {
  const t = doc.timing;
  const end = note.durationFrames === null ? '' : `–${timecodeOf(note.frame + lengthOf(note), t)}`;
  const replies = note.replies
    .map((r) => `<div class="reply">↳ <b>${escapeXml(oneLine(r.author))}</b>: ${escapeXml(r.body)}</div>`)
    .join('');
  const link = note.link ? `<div><a href="${escapeXml(note.link)}">Open in preroll</a></div>` : '';
  const status = note.completed ? 'done' : 'open';
  return [
    '<tr>',
    thumbnailCell(note.thumbnail),
    `<td class="tc">${timecodeOf(note.frame, t)}${end}<br>frame ${note.frame}<br>${framesToSeconds(note.frame, t.rate).toFixed(3)} s</td>`,
    `<td>${escapeXml(oneLine(note.author))}<br><span class="status-${status}">${status}</span> · ${note.visibility}</td>`,
    `<td><div class="text">${escapeXml(note.body)}</div>${replies}${link}</td>`,
    '</tr>',
  ].join('');
}

export function writeHtmlReport(doc: MarkerDocument): string {
  const t = doc.timing;
  const facts = [
    escapeXml(doc.mediaName),
    `${frameRateLabel(t.rate)} fps (${formatFrameRate(t.rate)})${t.dropFrame ? ' drop-frame' : ''}`,
    `starts ${timecodeOf(0, t)}`,
    t.durationFrames === null ? null : `${t.durationFrames} frames`,
    `${doc.notes.length} ${doc.notes.length === 1 ? 'note' : 'notes'}`,
  ].filter((f) => f !== null);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeXml(doc.title)} – notes</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escapeXml(doc.title)}</h1>`,
    `<p class="facts">${facts.join(' · ')}</p>`,
    '<table><thead><tr><th></th><th>Timecode</th><th>Author</th><th>Note</th></tr></thead><tbody>',
    ...doc.notes.map((n) => noteRow(n, doc)),
    '</tbody></table></body></html>',
    '',
  ].join('\n');
}
