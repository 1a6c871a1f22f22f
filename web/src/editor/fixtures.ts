// Sample documents for the editor's tests: the complete ontology and the
// label of docs/ontologies.md, verbatim, and labels for an image, a video
// and a text item built on them. Functions, so a test cannot change another's.

import type { Ontology } from "../ontology/types";
import type { Item, Label } from "./model/types";

/** The ontology of docs/ontologies.md ("A complete ontology"): a class of every shape, nesting, item and frame classifications. */
export function sampleOntology(): Ontology {
  return {
    objects: [
      {
        id: "car",
        name: "Car",
        shape: "bounding_box",
        color: "#e11d48",
        hotkey: "c",
        attributes: [
          {
            id: "occlusion",
            name: "Occlusion",
            type: "radio",
            required: true,
            options: [
              { id: "none", label: "None" },
              {
                id: "partial",
                label: "Partial",
                attributes: [{ id: "occluded_pct", name: "Occluded %", type: "number", min: 0, max: 100, integer: true }],
              },
            ],
          },
          {
            id: "tags",
            name: "Tags",
            type: "checklist",
            options: [
              { id: "parked", label: "Parked" },
              { id: "damaged", label: "Damaged" },
            ],
          },
          { id: "plate", name: "Plate", type: "text", max_length: 20 },
        ],
      },
      {
        id: "sign",
        name: "Traffic sign",
        shape: "rotated_box",
        color: "#f59e0b",
        hotkey: "s",
        attributes: [
          {
            id: "kind",
            name: "Kind",
            type: "radio",
            required: true,
            options: [
              { id: "stop", label: "Stop" },
              { id: "yield", label: "Yield" },
              {
                id: "speed_limit",
                label: "Speed limit",
                attributes: [{ id: "limit", name: "Limit (km/h)", type: "number", required: true, min: 5, max: 130, integer: true }],
              },
            ],
          },
        ],
      },
      { id: "road", name: "Road", shape: "polygon", color: "#64748b", hotkey: "r" },
      {
        id: "lane",
        name: "Lane marking",
        shape: "polyline",
        color: "#eab308",
        hotkey: "l",
        attributes: [
          {
            id: "style",
            name: "Style",
            type: "radio",
            required: true,
            options: [
              { id: "solid", label: "Solid" },
              { id: "dashed", label: "Dashed" },
            ],
          },
        ],
      },
      {
        id: "light",
        name: "Traffic light",
        shape: "point",
        color: "#16a34a",
        hotkey: "t",
        attributes: [
          {
            id: "state",
            name: "State",
            type: "radio",
            options: [
              { id: "red", label: "Red" },
              { id: "amber", label: "Amber" },
              { id: "green", label: "Green" },
            ],
          },
        ],
      },
      {
        id: "person",
        name: "Person",
        shape: "skeleton",
        color: "#2563eb",
        hotkey: "p",
        skeleton: {
          points: [
            { id: "head", name: "Head" },
            { id: "neck", name: "Neck" },
            { id: "left_hand", name: "Left hand" },
            { id: "right_hand", name: "Right hand" },
          ],
          edges: [
            ["head", "neck"],
            ["neck", "left_hand"],
            ["neck", "right_hand"],
          ],
        },
      },
      { id: "sky", name: "Sky", shape: "mask", color: "#38bdf8", hotkey: "k" },
      { id: "place", name: "Place name", shape: "text_span", color: "#9333ea", hotkey: "n" },
      {
        id: "speech",
        name: "Speech",
        shape: "time_segment",
        color: "#db2777",
        hotkey: "v",
        attributes: [{ id: "transcript", name: "Transcript", type: "text", max_length: 500 }],
      },
    ],
    classifications: [
      {
        id: "weather",
        name: "Weather",
        type: "radio",
        scope: "item",
        hotkey: "w",
        options: [
          { id: "sunny", label: "Sunny" },
          { id: "rain", label: "Rain" },
        ],
      },
      {
        id: "issues",
        name: "Image issues",
        type: "checklist",
        scope: "item",
        options: [
          { id: "blurry", label: "Blurry" },
          { id: "glare", label: "Glare" },
          {
            id: "other",
            label: "Other",
            attributes: [{ id: "issue_notes", name: "Notes", type: "text", required: true, max_length: 200 }],
          },
        ],
      },
      {
        id: "daylight",
        name: "Daylight",
        type: "radio",
        scope: "frame",
        hotkey: "d",
        required: true,
        options: [
          { id: "day", label: "Day" },
          { id: "dusk", label: "Dusk" },
          { id: "night", label: "Night" },
        ],
      },
    ],
  };
}

/** The label of docs/ontologies.md ("Labels"), verbatim, as JSON text. */
export const DOCS_LABEL_TEXT = `{
  "objects": [
    {"id": "o1", "class": "car", "geometry": {"x": 10, "y": 20, "w": 100, "h": 50},
     "attributes": {"occlusion": "partial", "occluded_pct": 30, "tags": ["parked"], "plate": "AB-123"}},
    {"id": "o2", "class": "car", "frame": 12, "track": "t1", "geometry": {"x": 1, "y": 2, "w": 3, "h": 4},
     "attributes": {"occlusion": "none"}},
    {"id": "o3", "class": "sign", "geometry": {"cx": 320, "cy": 100, "w": 40, "h": 40, "angle": 15},
     "attributes": {"kind": "speed_limit", "limit": 50}},
    {"id": "o4", "class": "road", "geometry": {"points": [[0, 480], [260, 300], [380, 300], [640, 480]]}},
    {"id": "o5", "class": "lane", "geometry": {"points": [[300, 470], [310, 400], [318, 320]]},
     "attributes": {"style": "dashed"}},
    {"id": "o6", "class": "light", "geometry": {"x": 402.5, "y": 88}, "attributes": {"state": "red"}},
    {"id": "o7", "class": "person",
     "geometry": {"points": {"head": {"x": 500, "y": 200}, "neck": {"x": 500, "y": 230},
                             "left_hand": {"x": 470, "y": 300, "visible": false}}}},
    {"id": "o8", "class": "sky", "geometry": {"size": [480, 640], "counts": [0, 120, 360, 121, 359, 306240]}}
  ],
  "classifications": {"weather": "sunny", "issues": ["glare", "other"], "issue_notes": "sun low over the road"},
  "frames": [
    {"frame": 0, "classifications": {"daylight": "day"}},
    {"frame": 12, "classifications": {"daylight": "dusk"}}
  ]
}`;

export const imageItem = (): Item => ({ kind: "image", url: "/sample.jpg", width: 640, height: 480 });

/** The docs' label as an image's: without the video's object and frames. A valid label for imageItem. */
export function imageLabel(): Label {
  const doc = JSON.parse(DOCS_LABEL_TEXT) as Label;
  return { objects: doc.objects.filter((o) => o.frame === undefined), classifications: doc.classifications };
}

export const videoItem = (): Item => ({ kind: "video", url: "/sample.mp4", width: 640, height: 480, frames: 100, fps: 25 });

/** A video label: car track t1 with keyframes on frames 0 and 10, a traffic light on frame 5, daylight on frame 0. */
export function videoLabel(): Label {
  return {
    objects: [
      { id: "k0", class: "car", frame: 0, track: "t1", geometry: { x: 0, y: 0, w: 100, h: 50 }, attributes: { occlusion: "none" } },
      { id: "k10", class: "car", frame: 10, track: "t1", geometry: { x: 100, y: 50, w: 200, h: 100 }, attributes: { occlusion: "partial", occluded_pct: 20 } },
      { id: "p5", class: "light", frame: 5, track: "t2", geometry: { x: 10, y: 10 } },
    ],
    frames: [{ frame: 0, classifications: { daylight: "day" } }],
  };
}

/**
 * A text with characters beyond the Basic Multilingual Plane: "𝔾" and the
 * emoji are one code point and two UTF-16 units each, so code-point offsets
 * and JavaScript string indexes part ways after them.
 */
export const SAMPLE_TEXT = "𝔾o to 🗼 Tokyo, then Kyoto.";

export const textItem = (): Item => ({ kind: "text", text: SAMPLE_TEXT });

/** "Tokyo" is code points 8 to 13 (UTF-16 indexes 10 to 15); the text is 26 code points long (28 UTF-16 units). */
export function textLabel(): Label {
  return { objects: [{ id: "s1", class: "place", geometry: { start: 8, end: 13 } }] };
}
