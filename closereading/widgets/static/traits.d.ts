// Close Reading Lab: what each widget's Python class sends its page (its synced traits), as the
// page reads it; checked with the modules by `tsc --noEmit` (tests/test_frontend_types.py). Only
// types: nothing here reaches the browser. Python builds these in widgets/_session.py,
// widgets/_coder_session.py, widgets/_comparison.py and each widget's class.

/** Every widget that talks to Python through a KernelLink (prelude.js). */
interface LinkTraits {
  /** The message types that change the reader's file: each waits for Python's answer. */
  edits: string[];
}

/** The "Share with my class" switch of every saved widget (widgets/_saved.py); `share_kind` is
 * empty for a widget that shares nothing. */
interface ShareTraits {
  share_kind: string;
  shared: boolean;
  share_status: string;
  class_view: string;
}

declare namespace Highlighter {
  interface Part { kind: string; start: number; end: number }
  interface Turn {
    index: number; speaker: string; role: string; start: number; end: number;
    label_start: number; label: string;
  }
  interface Doc {
    id: string; title: string; text: string; parts: Part[]; turns: Turn[];
    style: { neutral: string; underline_gap_px: number };
  }
  interface Move {
    id: string; label: string; family: string; family_label: string; definition: string;
    colour: string; marker: string; symbol: string; key: string;
  }
  /** A highlight, with its underline lane and short quote from Python. */
  interface Annotation {
    id: string; move: string; start: number; end: number; quote: string; short_quote: string;
    note: string; lane: number;
  }
  /** A highlight whose words are no longer in the text. */
  interface Orphan { id: string; move: string; label: string; quote: string; short_quote: string; note: string }
  interface Cue { move: string; start: number; end: number; cue: string }
  interface Figures { student: number; reference: number; found: number; agreeing: number; summary: string }
  interface MoveLook { move: string; label: string; symbol: string; colour: string; marker: string }
  interface Passage extends MoveLook {
    id: string; start: number; end: number; quote: string; note: string; status: string; verdict: string;
  }
  interface Reference {
    author: string; source: string; rule: string; columns: string[];
    moves: (MoveLook & Figures)[]; total: Figures & { label: string }; passages: Passage[];
  }
  interface Traits extends LinkTraits {
    document: Doc; moves: Move[]; annotations: Annotation[]; orphans: Orphan[];
    selection: number[]; selected_quote: string; show_cues: boolean; cues: Cue[];
    /** Empty while the comparison is hidden. */
    show_reference: boolean; reference: Reference | Record<string, never>;
    can_undo: boolean; can_recover: boolean; status: string; error: string;
  }
}

declare namespace AnswerCoder {
  interface Evidence { start: number; end: number; short_quote: string }
  interface Code { outcome: string; form: string; summary: string; justification: string; evidence: Evidence[] }
  interface Segment { role: string; start: number; end: number; form: string; short: string }
  interface Unit {
    id: string; label: string; turn: number; speaker: string; segments: Segment[];
    answer: { turn: number; speaker: string; start: number; end: number } | null;
    code: Code | null; can_merge: boolean;
  }
  interface ReferenceRow {
    unit_label: string; mine: string; reference: string; agreement: string; shared_evidence: boolean; rationale: string;
  }
  interface Traits extends LinkTraits {
    document: { id: string; title: string; text: string; constructed: string };
    outcomes: { id: string; key: string; label: string; description: string }[];
    forms: { id: string; label: string }[];
    units: Unit[]; current: string; selection: number[]; selected_quote: string;
    show_reference: boolean; finished: boolean; reference_note: string; reference: ReferenceRow[];
    can_undo: boolean; status: string; error: string;
  }
}

declare namespace PronounTable {
  interface Row {
    number: number; turn: number; speaker: string; left: string; word: string; right: string;
    referent: string; note: string;
  }
  interface Traits extends LinkTraits { rows: Row[]; referents: [string, string][]; status: string }
}

declare namespace KernelWatch {
  interface Traits extends LinkTraits { message: string }
}

declare namespace EvidenceBoard {
  interface Row {
    id: string; kind: string; label: string; citation: string; about: string; detail: string;
    short: string; pin: string;
  }
  interface Traits extends LinkTraits { rows: Row[]; status: string; error: string }
}
