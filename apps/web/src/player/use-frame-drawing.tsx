import type { DrawingColour, DrawingShape } from '@preroll/contracts/drawings';
import { useState } from 'react';
import type { Comment } from '../api/types.ts';
import { DrawingToolbar, type Tool } from './drawing-layer.tsx';

/** The drawings to show on `frame`: comments placed on it (a range: any of its frames). */
export function drawingsOn(threads: Comment[], frame: number) {
  return threads
    .filter(
      (t) =>
        t.drawing !== null &&
        t.frame !== null &&
        !t.deleted &&
        frame >= t.frame &&
        frame < t.frame + (t.duration_frames ?? 1),
    )
    .map((t) => ({ id: t.id, drawing: t.drawing! }));
}

/** Drawing on the paused frame: the tools chosen and the shapes made, posted with the next comment. */
export function useFrameDrawing() {
  const [active, setActive] = useState(false);
  const [draft, setDraft] = useState<DrawingShape[]>([]);
  const [tool, setTool] = useState<Tool>('pen');
  const [colour, setColour] = useState<DrawingColour>('#ff3b30');
  const [text, setText] = useState('');
  return {
    active,
    draft,
    tool,
    colour,
    text,
    setTool,
    setColour,
    setText,
    start(pin: () => void) {
      setActive(true);
      pin();
    },
    stop: () => setActive(false),
    undo: () => setDraft((d) => d.slice(0, -1)),
    clear: () => setDraft([]),
    posted() {
      setDraft([]);
      setActive(false);
    },
    /** What the drawing layer needs besides the video and the saved drawings. */
    layer: {
      draft,
      drawing: active,
      tool,
      colour,
      text,
      onAdd: (shape: DrawingShape) => setDraft((d) => [...d, shape]),
    },
  };
}
export type FrameDrawing = ReturnType<typeof useFrameDrawing>;

/** Under the timeline: "Draw on frame", or the tools while drawing. */
export function FrameDrawingTools({ drawing, onStart }: { drawing: FrameDrawing; onStart: () => void }) {
  if (!drawing.active) {
    return (
      <div className="drawing-tools">
        <button type="button" className="btn btn--small btn--ghost" onClick={onStart}>
          Draw on frame
        </button>
      </div>
    );
  }
  return (
    <DrawingToolbar
      tool={drawing.tool}
      colour={drawing.colour}
      text={drawing.text}
      shapes={drawing.draft.length}
      onTool={drawing.setTool}
      onColour={drawing.setColour}
      onText={drawing.setText}
      onUndo={drawing.undo}
      onClear={drawing.clear}
      onDone={drawing.stop}
    />
  );
}
