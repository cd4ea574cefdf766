import { DRAWING_COLOURS } from '@preroll/contracts/drawing-colours';
import type { Drawing, DrawingShape } from '@preroll/contracts/drawings';
import { type RefObject, useEffect, useRef, useState } from 'react';

export type Tool = 'pen' | 'arrow' | 'rect' | 'ellipse' | 'text';
type Colour = (typeof DRAWING_COLOURS)[number];

/** Where the picture sits inside the <video> box (object-fit: contain letterboxes it). */
interface PictureBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

function pictureBoxOf(el: HTMLVideoElement): PictureBox | null {
  const w = el.clientWidth;
  const h = el.clientHeight;
  if (!w || !h || !el.videoWidth || !el.videoHeight) return null;
  const scale = Math.min(w / el.videoWidth, h / el.videoHeight);
  const width = el.videoWidth * scale;
  const height = el.videoHeight * scale;
  return { left: el.offsetLeft + (w - width) / 2, top: el.offsetTop + (h - height) / 2, width, height };
}

/** Follows the picture's place as the player resizes (fullscreen, window, panel). */
function usePictureBox(videoRef: RefObject<HTMLVideoElement | null>): PictureBox | null {
  const [box, setBox] = useState<PictureBox | null>(null);
  useEffect(() => {
    const el = videoRef.current;
    if (!el) return;
    const update = () => setBox(pictureBoxOf(el));
    const observer = new ResizeObserver(update);
    observer.observe(el);
    el.addEventListener('loadedmetadata', update);
    update();
    return () => {
      observer.disconnect();
      el.removeEventListener('loadedmetadata', update);
    };
  }, [videoRef]);
  return box;
}

const r4 = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 10_000) / 10_000;

function ShapeView({ s, box }: { s: DrawingShape; box: PictureBox }) {
  const px = (x: number) => x * box.width;
  const py = (y: number) => y * box.height;
  if (s.type === 'text') {
    return (
      <text x={px(s.at[0])} y={py(s.at[1])} fill={s.colour} fontSize={s.size * box.height} fontWeight={600}>
        {s.text}
      </text>
    );
  }
  const common = {
    stroke: s.colour,
    strokeWidth: Math.max(1, s.width * box.width),
    fill: 'none',
    strokeLinecap: 'round' as const,
    strokeLinejoin: 'round' as const,
  };
  if (s.type === 'pen') {
    return <polyline {...common} points={s.points.map(([x, y]) => `${px(x)},${py(y)}`).join(' ')} />;
  }
  if (s.type === 'rect') return <rect {...common} x={px(s.x)} y={py(s.y)} width={px(s.w)} height={py(s.h)} />;
  if (s.type === 'ellipse') {
    return (
      <ellipse {...common} cx={px(s.x + s.w / 2)} cy={py(s.y + s.h / 2)} rx={px(s.w / 2)} ry={py(s.h / 2)} />
    );
  }
  // Arrow: the shaft, and a head drawn in screen space so it keeps its angle at any aspect ratio.
  const [x1, y1, x2, y2] = [px(s.from[0]), py(s.from[1]), px(s.to[0]), py(s.to[1])];
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const head = Math.max(8, common.strokeWidth * 4);
  const wing = (a: number) => `${x2 - head * Math.cos(angle + a)},${y2 - head * Math.sin(angle + a)}`;
  return (
    <g>
      <line {...common} x1={x1} y1={y1} x2={x2} y2={y2} />
      <polyline {...common} points={`${wing(0.5)} ${x2},${y2} ${wing(-0.5)}`} />
    </g>
  );
}

/**
 * Drawings over the picture: the ones shown (comments on the frame on screen) and, while drawing,
 * the shapes being made. Coordinates are normalised to the picture (not the letterboxed element),
 * so a drawing lands on the same spot at any size.
 */
export function DrawingLayer({
  videoRef,
  shown,
  draft,
  drawing,
  tool,
  colour,
  text,
  onAdd,
}: {
  videoRef: RefObject<HTMLVideoElement | null>;
  shown: Array<{ id: string; drawing: Drawing }>;
  draft: DrawingShape[];
  drawing: boolean;
  tool: Tool;
  colour: Colour;
  text: string;
  onAdd: (shape: DrawingShape) => void;
}) {
  const box = usePictureBox(videoRef);
  const svgRef = useRef<SVGSVGElement>(null);
  const [live, setLive] = useState<DrawingShape | null>(null);
  const start = useRef<[number, number] | null>(null);
  if (!box) return null;
  const at = (e: React.PointerEvent): [number, number] => {
    const r = svgRef.current!.getBoundingClientRect();
    return [r4((e.clientX - r.left) / r.width), r4((e.clientY - r.top) / r.height)];
  };
  const width = 0.004;
  const shapeFrom = (a: [number, number], b: [number, number]): DrawingShape => {
    const x = Math.min(a[0], b[0]);
    const y = Math.min(a[1], b[1]);
    const boxed = { x, y, w: r4(Math.abs(b[0] - a[0])), h: r4(Math.abs(b[1] - a[1])) };
    if (tool === 'arrow') return { type: 'arrow', colour, width, from: a, to: b };
    if (tool === 'ellipse') return { type: 'ellipse', colour, width, ...boxed };
    return { type: 'rect', colour, width, ...boxed };
  };
  return (
    <svg
      ref={svgRef}
      className={`drawing-layer${drawing ? ' drawing-layer--active' : ''}`}
      data-testid="drawing-layer"
      style={{ left: box.left, top: box.top, width: box.width, height: box.height }}
      viewBox={`0 0 ${box.width} ${box.height}`}
      aria-hidden={!drawing}
      onPointerDown={(e) => {
        if (!drawing) return;
        e.currentTarget.setPointerCapture?.(e.pointerId);
        const p = at(e);
        if (tool === 'text') {
          if (text.trim())
            onAdd({ type: 'text', colour, at: p, size: 0.05, text: text.trim().slice(0, 200) });
          return;
        }
        start.current = p;
        setLive(tool === 'pen' ? { type: 'pen', colour, width, points: [p, p] } : shapeFrom(p, p));
      }}
      onPointerMove={(e) => {
        if (!drawing || !start.current || !live) return;
        const p = at(e);
        if (live.type === 'pen') {
          if (live.points.length < 2_000) setLive({ ...live, points: [...live.points, p] });
        } else setLive(shapeFrom(start.current, p));
      }}
      onPointerUp={() => {
        if (live) onAdd(live);
        setLive(null);
        start.current = null;
      }}
    >
      <title>Drawings on this frame</title>
      {shown.map((d) => (
        <g key={d.id} data-comment-drawing={d.id}>
          {d.drawing.shapes.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a saved drawing's shapes never reorder
            <ShapeView key={`${d.id}-${i}`} s={s} box={box} />
          ))}
        </g>
      ))}
      {draft.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: shapes are only ever appended or popped
        <ShapeView key={`draft-${i}`} s={s} box={box} />
      ))}
      {live ? <ShapeView s={live} box={box} /> : null}
    </svg>
  );
}

/** The drawing tools: shape, colour, text to place, undo and clear. */
export function DrawingToolbar(props: {
  tool: Tool;
  colour: Colour;
  text: string;
  shapes: number;
  onTool: (t: Tool) => void;
  onColour: (c: Colour) => void;
  onText: (t: string) => void;
  onUndo: () => void;
  onClear: () => void;
  onDone: () => void;
}) {
  const tools: Array<[Tool, string]> = [
    ['pen', 'Pen'],
    ['arrow', 'Arrow'],
    ['rect', 'Rectangle'],
    ['ellipse', 'Ellipse'],
    ['text', 'Text'],
  ];
  return (
    <div className="drawing-tools" role="toolbar" aria-label="Drawing tools">
      {tools.map(([t, label]) => (
        <button
          key={t}
          type="button"
          className="btn btn--small btn--ghost"
          aria-pressed={props.tool === t}
          onClick={() => props.onTool(t)}
        >
          {label}
        </button>
      ))}
      {props.tool === 'text' ? (
        <input
          aria-label="Text to place"
          placeholder="Text, then click the picture"
          value={props.text}
          maxLength={200}
          onChange={(e) => props.onText(e.target.value)}
        />
      ) : null}
      {DRAWING_COLOURS.map((c) => (
        <button
          key={c}
          type="button"
          className="drawing-tools__colour"
          style={{ background: c }}
          aria-label={`Colour ${c}`}
          aria-pressed={props.colour === c}
          onClick={() => props.onColour(c)}
        />
      ))}
      <button
        type="button"
        className="btn btn--small btn--ghost"
        onClick={props.onUndo}
        disabled={props.shapes === 0}
      >
        Undo
      </button>
      <button
        type="button"
        className="btn btn--small btn--ghost"
        onClick={props.onClear}
        disabled={props.shapes === 0}
      >
        Clear
      </button>
      <button type="button" className="btn btn--small" onClick={props.onDone}>
        Done drawing
      </button>
    </div>
  );
}
