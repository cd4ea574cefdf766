import { nominalFps } from '@preroll/timecode';
import type { TimecodeBasis } from '../api/timecode.ts';

/**
 * The reviewer UI's player clock, as browser JavaScript (the UI has no build step). It counts
 * frames at the file's exact rational rate and shows SMPTE timecode with the media's start, the
 * same arithmetic as packages/timecode (test/player-clock.test.ts checks them against each other
 * at 23.976, 25, 29.97 DF and 59.94 DF). `frame` is a frame count from 00:00:00:00.
 */
export const PLAYER_CLOCK_JS = `function sbxTimecode(frame, nominal, drop) {
  var perTen = nominal * 600 - 9 * drop;
  var day = 24 * 6 * perTen;
  var f = ((frame % day) + day) % day;
  var label = f;
  if (drop > 0) {
    var tens = Math.floor(f / perTen), rest = f % perTen, minute = 0, within = rest;
    if (rest >= nominal * 60) {
      var after = rest - nominal * 60, perMinute = nominal * 60 - drop;
      minute = 1 + Math.floor(after / perMinute);
      within = (after % perMinute) + drop;
    }
    label = tens * nominal * 600 + minute * nominal * 60 + within;
  }
  var ff = label % nominal, s = Math.floor(label / nominal);
  var digits = Math.max(2, String(nominal - 1).length);
  var p = function (n, w) { return String(n).padStart(w, '0'); };
  return p(Math.floor(s / 3600), 2) + ':' + p(Math.floor(s / 60) % 60, 2) + ':' + p(s % 60, 2) +
    (drop > 0 ? ';' : ':') + p(ff, digits);
}`;

/** What the page's script needs about the file, embedded as JSON. */
export interface PlayerClockConfig {
  num: number;
  den: number;
  nominal: number;
  /** labels skipped per minute: 2 at 29.97 DF, 4 at 59.94 DF, 0 otherwise */
  drop: number;
  startFrame: number;
  /** frames in the media, when known: stepping stops at the last one */
  frames: number | null;
}

export function playerClockConfig(basis: TimecodeBasis, frames: number | null): PlayerClockConfig {
  const nominal = nominalFps(basis.rate);
  return {
    num: basis.rate.num,
    den: basis.rate.den,
    nominal,
    drop: basis.dropFrame ? nominal / 15 : 0,
    startFrame: basis.startFrame,
    frames,
  };
}

/**
 * Frame index of a media time: the middle of a frame is sought (so a seek lands inside it, not on
 * its edge), and the index is read back with floor.
 */
export const PLAYER_SCRIPT_JS = `${PLAYER_CLOCK_JS}
(() => {
  const v = document.getElementById('player');
  const cfgEl = document.getElementById('player-clock');
  const frameInput = document.getElementById('comment-frame');
  if (!v || !cfgEl) return;
  const c = JSON.parse(cfgEl.textContent);
  const last = c.frames ? c.frames - 1 : Infinity;
  const indexAt = (t) => Math.min(last, Math.floor((t * c.num) / c.den + 1e-6));
  const seekTo = (i) => { v.pause(); v.currentTime = ((Math.max(0, Math.min(last, i)) + 0.5) * c.den) / c.num; };
  const show = () => {
    const i = indexAt(v.currentTime);
    document.getElementById('current-frame').textContent = String(i + 1);
    document.getElementById('current-tc').textContent = sbxTimecode(i + c.startFrame, c.nominal, c.drop);
  };
  v.addEventListener('timeupdate', show); v.addEventListener('seeked', show); v.addEventListener('loadedmetadata', show);
  v.addEventListener('pause', () => { frameInput.value = String(indexAt(v.currentTime) + 1); });
  document.getElementById('prev-frame').addEventListener('click', () => seekTo(indexAt(v.currentTime) - 1));
  document.getElementById('next-frame').addEventListener('click', () => seekTo(indexAt(v.currentTime) + 1));
  document.getElementById('use-current-frame').addEventListener('click', () => { frameInput.value = String(indexAt(v.currentTime) + 1); });
  document.getElementById('go-to-frame').addEventListener('click', () => { const n = Number(frameInput.value); if (n >= 1) seekTo(n - 1); });
  for (const b of document.querySelectorAll('[data-seek-frame]')) {
    b.addEventListener('click', () => seekTo(Number(b.dataset.seekFrame) - 1));
  }
})();`;
