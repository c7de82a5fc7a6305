/**
 * A bundled reference run for the lecture's views: fetched and validated once
 * per page (the promise is kept), so moving between steps shows it at once.
 */
import { useEffect, useState } from 'react';
import { type ReferenceName, type ReferenceRun, loadReference } from '../reference';

const loads = new Map<ReferenceName, Promise<ReferenceRun>>();

/** The run, once loaded; or why it could not be. */
export type ReferenceState = { run: ReferenceRun; error: null } | { run: null; error: string | null };

function load(name: ReferenceName): Promise<ReferenceRun> {
  let p = loads.get(name);
  if (!p) {
    p = loadReference(name);
    loads.set(name, p);
    // A failed load is tried again the next time a step asks for it.
    p.catch(() => loads.delete(name));
  }
  return p;
}

export function useReference(name: ReferenceName): ReferenceState {
  const [state, setState] = useState<{ name: ReferenceName; value: ReferenceState }>({ name, value: { run: null, error: null } });
  useEffect(() => {
    let alive = true;
    load(name).then(
      (run) => alive && setState({ name, value: { run, error: null } }),
      (e: unknown) => alive && setState({ name, value: { run: null, error: e instanceof Error ? e.message : String(e) } }),
    );
    return () => {
      alive = false;
    };
  }, [name]);
  return state.name === name ? state.value : { run: null, error: null };
}
