// The video timeline: previous and next frame, play, a frame scrubber, and a
// row per track with its keyframe markers (a click goes to that frame and
// selects the track's keyframe).

import type { Act } from "./act";
import { PauseIcon, PlayIcon, PrevIcon, NextIcon } from "./icons";
import { classById, findObject, frameCount, keyframeMap, select, setFrame, stepFrame, type EditorState } from "./model";

export interface TimelineProps {
  state: EditorState;
  act: Act;
  playing: boolean;
  onTogglePlay(): void;
}

function timeText(frame: number, fps: number | undefined): string {
  if (!fps) return "";
  const t = frame / fps;
  const m = Math.floor(t / 60);
  const s = (t - m * 60).toFixed(2).padStart(5, "0");
  return `${m}:${s}`;
}

export function Timeline({ state, act, playing, onTogglePlay }: TimelineProps) {
  const count = frameCount(state);
  const tracks = [...keyframeMap(state.label).entries()];
  const pos = (f: number) => `${count > 1 ? (f / (count - 1)) * 100 : 0}%`;
  const selectedTrack = findObject(state, state.selected)?.object.track;
  return (
    <div className="ed-timeline">
      <div className="ed-timeline-controls">
        <button type="button" className="icon-button ed-icon" aria-label="Previous frame" title="Previous frame (,)" disabled={state.frame <= 0} onClick={() => act((s) => stepFrame(s, -1))}>
          <PrevIcon />
        </button>
        <button type="button" className="icon-button ed-icon" aria-label={playing ? "Pause" : "Play"} onClick={onTogglePlay}>
          {playing ? <PauseIcon /> : <PlayIcon />}
        </button>
        <button type="button" className="icon-button ed-icon" aria-label="Next frame" title="Next frame (.)" disabled={state.frame >= count - 1} onClick={() => act((s) => stepFrame(s, 1))}>
          <NextIcon />
        </button>
        <input
          type="range"
          className="ed-scrubber"
          aria-label="Frame"
          min={0}
          max={Math.max(0, count - 1)}
          step={1}
          value={state.frame}
          onChange={(e) => {
            const f = Number(e.target.value);
            act((s) => setFrame(s, f));
          }}
        />
        <span className="ed-frame-no" aria-live="polite">
          Frame {state.frame} / {count - 1}
          {state.item.fps ? <span className="ed-muted"> · {timeText(state.frame, state.item.fps)}</span> : null}
        </span>
      </div>
      {tracks.length > 0 && (
        <ul className="ed-tracks" aria-label="Tracks">
          {tracks.map(([track, frames]) => {
            const first = state.label.objects.find((o) => o.track === track);
            const c = classById(state, first?.class);
            const lo = frames[0];
            const hi = frames[frames.length - 1];
            return (
              <li key={track} className={selectedTrack === track ? "ed-track is-selected" : "ed-track"} data-track={track}>
                <span className="ed-track-name">
                  <span className="ed-swatch" style={{ background: c?.color }} aria-hidden="true" />
                  {c?.name ?? first?.class}
                </span>
                <span className="ed-track-lane">
                  <span className="ed-track-span" style={{ left: pos(lo), width: `calc(${pos(hi)} - ${pos(lo)})`, background: c?.color }} />
                  {frames.map((f) => (
                    <button
                      key={f}
                      type="button"
                      className={f === state.frame ? "ed-keyframe is-current" : "ed-keyframe"}
                      style={{ left: pos(f), borderColor: c?.color }}
                      aria-label={`Keyframe ${f} of ${c?.name ?? track}`}
                      title={`Frame ${f}`}
                      onClick={() =>
                        act((s) => {
                          const at = setFrame(s, f);
                          const k = at.label.objects.find((o) => o.track === track && o.frame === f);
                          return k ? select(at, k.id) : at;
                        })
                      }
                    />
                  ))}
                  <span className="ed-playhead" style={{ left: pos(state.frame) }} aria-hidden="true" />
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
