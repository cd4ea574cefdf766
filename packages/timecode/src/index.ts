// Public surface of @preroll/timecode. Frame positions are integer frame indexes at an exact
// rational rate; everything else (seconds, SMPTE, Frame.io framestamps, ms) is derived here.
export type { FrameRate } from './frame-rate.ts';
export {
  formatFrameRate,
  frameRate,
  frameRateLabel,
  nominalFps,
  sameFrameRate,
  supportsDropFrame,
} from './frame-rate.ts';
export { framesToSeconds, frameToMilliseconds, millisecondsToFrame, secondsToFrame } from './frame-time.ts';
export { fromFrameioFramestamp, toFrameioFramestamp } from './frameio-framestamp.ts';
export { parseFrameRate } from './parse-frame-rate.ts';
export type { TimecodeOptions } from './smpte.ts';
export { framesToTimecode, parseStartTimecode, timecodeFramesPerDay, timecodeToFrames } from './smpte.ts';
