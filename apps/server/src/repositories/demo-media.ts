import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The demo studio's clips (docs/getting-started.md, "The demo studio"). */
export type DemoClipName = 'cut-v1' | 'cut-v2' | 'trailer' | 'podcast';

export interface DemoClip {
  name: DemoClipName;
  path: string;
  filename: string;
  contentType: string;
}

export type DemoMediaOutcome =
  | {
      kind: 'ok';
      clips: Record<DemoClipName, DemoClip>;
      /** False when ffmpeg has no drawtext filter or no font was found: the clips carry no burned-in text. */
      textBurnedIn: boolean;
      /** How many clips were made now (the rest came from the cache). */
      made: number;
    }
  | { kind: 'unavailable'; detail: string };

/** Fonts Debian ships (fonts-dejavu-core, which ffmpeg's own packages pull in). */
const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf',
  '/usr/share/fonts/truetype/freefont/FreeMono.ttf',
];

const CLIP_SECONDS = 20;
const FFMPEG_TIMEOUT_MS = 120_000;
const SIZE = '640x360';
/** Bumped when a recipe changes in a way its arguments do not show (the cache key is the arguments). */
const RECIPE_VERSION = 1;

/** Small, browser-playable H.264 + AAC in MP4, made as fast as ffmpeg can. */
const VIDEO_OUT = [
  '-c:v',
  'libx264',
  '-preset',
  'ultrafast',
  '-crf',
  '30',
  '-pix_fmt',
  'yuv420p',
  '-c:a',
  'aac',
  '-b:a',
  '96k',
  '-movflags',
  '+faststart',
];

/**
 * Makes the demo studio's media with the local ffmpeg (no shell: arguments are passed as a list),
 * cached under `<dataDir>/demo-media` by a hash of the recipe's arguments, so a second start
 * reuses them and a changed recipe makes fresh files.
 */
export class DemoMediaMaker {
  private readonly dir: string;

  constructor(
    private readonly ffmpegPath: string,
    dataDir: string,
  ) {
    this.dir = path.join(dataDir, 'demo-media');
  }

  async ensureAll(): Promise<DemoMediaOutcome> {
    const filters = await this.run(['-hide_banner', '-filters']).catch((err: Error) => err);
    if (filters instanceof Error) return { kind: 'unavailable', detail: filters.message };
    const font = FONT_CANDIDATES.find((f) => fs.existsSync(f));
    const textBurnedIn = /\bdrawtext\b/.test(filters) && font !== undefined;
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const recipes = demoRecipes(textBurnedIn ? font : undefined);
    let made = 0;
    const clips = {} as Record<DemoClipName, DemoClip>;
    try {
      // One after another: the machine may be small, and each clip takes a second or two.
      for (const recipe of recipes) {
        const key = createHash('sha256')
          .update(JSON.stringify([RECIPE_VERSION, recipe.args]))
          .digest('hex')
          .slice(0, 16);
        const file = path.join(this.dir, `${recipe.name}-${key}.${recipe.extension}`);
        if (!fs.existsSync(file)) {
          const partial = `${file}.partial.${process.pid}`;
          await this.run([
            '-hide_banner',
            '-loglevel',
            'error',
            '-y',
            ...recipe.args,
            '-f',
            recipe.format,
            partial,
          ]);
          // Renamed only once complete, so an interrupted start never leaves a truncated clip in the cache.
          await fs.promises.rename(partial, file);
          await fs.promises.chmod(file, 0o600);
          made += 1;
        }
        clips[recipe.name] = {
          name: recipe.name,
          path: file,
          filename: recipe.filename,
          contentType: recipe.contentType,
        };
      }
    } catch (err) {
      return { kind: 'unavailable', detail: (err as Error).message };
    }
    return { kind: 'ok', clips, textBurnedIn, made };
  }

  private run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        this.ffmpegPath,
        args,
        { timeout: FFMPEG_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024, windowsHide: true },
        (err, stdout, stderr) => {
          if (!err) return resolve(stdout);
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT' || code === 'EACCES')
            return reject(new Error(`ffmpeg not available at "${this.ffmpegPath}" (${code})`));
          reject(new Error(`ffmpeg failed: ${(stderr.trim() || err.message).slice(0, 500)}`));
        },
      );
    });
  }
}

interface Recipe {
  name: DemoClipName;
  filename: string;
  contentType: string;
  extension: string;
  format: string;
  args: string[];
}

/** ffmpeg drawtext options for one line of burned-in text. */
function label(font: string, y: number, content: string): string {
  return `drawtext=fontfile=${font}:${content}:fontsize=28:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=8:x=24:y=${y}`;
}

function demoRecipes(font: string | undefined): Recipe[] {
  const ntsc = '30000/1001';
  const burnIn = (rate: string, startTc: string, extra: string[] = []) =>
    font
      ? [
          label(font, 24, `timecode='${startTc.replace(/:/g, '\\:').replace(/;/g, '\\;')}':rate=${rate}`),
          label(font, 68, "text='frame %{frame_num}'"),
          ...extra.map((t) => label(font, 112, `text='${t}'`)),
        ]
      : [];
  const picture = (rate: string) => [
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${SIZE}:rate=${rate}:duration=${CLIP_SECONDS}`,
  ];
  const tone = (hz: number) => [
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${hz}:sample_rate=48000:duration=${CLIP_SECONDS}`,
  ];
  return [
    {
      name: 'cut-v1',
      filename: 'cutting-silence-picture-lock-v1.mp4',
      contentType: 'video/mp4',
      extension: 'mp4',
      format: 'mp4',
      args: [
        ...picture(ntsc),
        ...tone(440),
        '-vf',
        ['null', ...burnIn(ntsc, '01:00:00;00')].join(','),
        ...VIDEO_OUT,
        '-timecode',
        '01:00:00;00',
        '-shortest',
      ],
    },
    {
      // The same cut with frames 240-359 (8 s to 12 s) changed: a new grade, and the label says so.
      name: 'cut-v2',
      filename: 'cutting-silence-picture-lock-v2.mp4',
      contentType: 'video/mp4',
      extension: 'mp4',
      format: 'mp4',
      args: [
        ...picture(ntsc),
        ...tone(440),
        '-vf',
        [
          "hue=h=120:s=1.6:enable='between(n,240,359)'",
          ...burnIn(ntsc, '01:00:00;00', font ? ['v2 - regraded segment'] : []),
        ].join(','),
        ...VIDEO_OUT,
        '-timecode',
        '01:00:00;00',
        '-shortest',
      ],
    },
    {
      name: 'trailer',
      filename: 'the-long-take-trailer.mp4',
      contentType: 'video/mp4',
      extension: 'mp4',
      format: 'mp4',
      args: [
        ...picture('25'),
        ...tone(660),
        '-vf',
        ['null', ...burnIn('25', '00:00:00:00')].join(','),
        ...VIDEO_OUT,
        '-timecode',
        '00:00:00:00',
        '-shortest',
      ],
    },
    {
      // A music bed (two sines) under "speech": pink noise shaped by a syllable-rate envelope.
      name: 'podcast',
      filename: 'the-long-take-podcast-mix.m4a',
      contentType: 'audio/mp4',
      extension: 'm4a',
      format: 'mp4',
      args: [
        '-f',
        'lavfi',
        '-i',
        `sine=frequency=220:sample_rate=48000:duration=${CLIP_SECONDS}`,
        '-f',
        'lavfi',
        '-i',
        `anoisesrc=color=pink:sample_rate=48000:amplitude=0.5:duration=${CLIP_SECONDS}`,
        '-filter_complex',
        "[0:a]volume=0.15[bed];[1:a]lowpass=f=3000,volume='0.2+0.8*abs(sin(2*PI*2.5*t))*gt(sin(2*PI*0.3*t),-0.3)':eval=frame[voice];[bed][voice]amix=inputs=2:duration=first[out]",
        '-map',
        '[out]',
        '-c:a',
        'aac',
        '-b:a',
        '96k',
        '-movflags',
        '+faststart',
      ],
    },
  ];
}
