// The evidence board and the investigation trail in the renderer (UX.md §5 actions, §12.4): the case's annotations
// by event uid (for the rows' ★, the drawer and the Starred view), the trail (each query that ran, with its count),
// and which of the two the side panel shows. The trail is written when a query settles (followTrail), never per
// keystroke; what kind of step it was is read from how the query changed (evidence-steps.ts).
import { create } from 'zustand';
import type { AnnotatedEvent, Annotation, AnnotationChange, TrailEntry, TrailKind } from '@shared/domain/evidence';
import { call, errorMessage } from '../../lib/bridge';
import { useQuery } from '../query/query.store';
import { kindOfStep } from './evidence-steps';

export type EvidenceView = 'starred' | 'trail';

/** The drawer's tag and comment boxes, which `t` and `c` focus (use-evidence-keys.ts). */
export const TAG_INPUT_ID = 'evidence-tag-input';
export const COMMENT_INPUT_ID = 'evidence-comment-input';

interface EvidenceState {
  /** Every annotation of the case, by event uid (uids are unique within a tenant; rows are marked by uid). */
  byUid: ReadonlyMap<string, AnnotatedEvent>;
  total: number;
  trail: TrailEntry[];
  trailTotal: number;
  loadError: string | null;
  /** The last change that failed, in words (shown in the drawer). */
  changeError: string | null;
  view: EvidenceView | null;
  load(): Promise<void>;
  loadTrail(): Promise<void>;
  change(change: AnnotationChange): Promise<Annotation | null>;
  openView(view: EvidenceView): void;
  closeView(): void;
}

const NONE: ReadonlyMap<string, AnnotatedEvent> = new Map();

export const useEvidence = create<EvidenceState>((set, get) => ({
  byUid: NONE,
  total: 0,
  trail: [],
  trailTotal: 0,
  loadError: null,
  changeError: null,
  view: null,

  async load() {
    try {
      const { annotations, total } = await call('annotations.list', {});
      set({ byUid: new Map(annotations.map((a) => [a.uid, a])), total, loadError: null });
    } catch (error) {
      set({ loadError: errorMessage(error) });
    }
  },

  async loadTrail() {
    try {
      const { entries, total } = await call('trail.list', {});
      set({ trail: entries, trailTotal: total });
    } catch (error) {
      set({ loadError: errorMessage(error) });
    }
  },

  async change(change) {
    try {
      const { annotation } = await call('annotations.set', change);
      set({ changeError: null });
      // The list carries each event's summary and keeps the board's order: read it again (a board is small).
      await get().load();
      return annotation;
    } catch (error) {
      set({ changeError: errorMessage(error) });
      return null;
    }
  },

  openView(view) {
    set({ view });
    void (view === 'trail' ? get().loadTrail() : get().load());
  },

  closeView: () => set({ view: null }),
}));

/** The next settled query is a restore from the trail (its panel sets this just before running it). */
let restoring = false;
export function restoreFromTrail(query: string): void {
  restoring = true;
  void useQuery.getState().run(query);
}

/** Writes each settled query to the case's trail, with its count; returns the stop. Started once by the app. */
export function followTrail(): () => void {
  return useQuery.subscribe((state, before) => {
    if (!before.running || state.running) return;
    const applied = state.applied;
    if (applied === null || applied === before.applied) {
      restoring = false;
      return; // refused or failed: no step
    }
    const kind: TrailKind = restoring ? 'restore' : kindOfStep(before.applied?.query ?? null, applied.query);
    restoring = false;
    void call('trail.add', { kind, query: applied.query, timeZone: applied.timeZone, count: applied.total })
      .then(() => (useEvidence.getState().view === 'trail' ? useEvidence.getState().loadTrail() : undefined))
      // A case open read-only keeps no trail; the investigation goes on.
      .catch(() => undefined);
  });
}
