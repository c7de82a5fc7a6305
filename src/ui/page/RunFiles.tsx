/** The experiment as files: export it (JSON, the epochs and rays as CSV), or import a run exported earlier. */
import { useRef, useState } from 'react';
import type { Experiment } from '../experiment';
import { epochsCsv, raysCsv } from '../persistence';
import { download, readExperimentFile } from './files';

export function RunFiles({ x, busy, onImport }: { x: Experiment | null; busy: boolean; onImport: (x: Experiment) => void }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const importFile = (f: File) =>
    readExperimentFile(f).then(
      (parsed) => {
        onImport(parsed);
        setImportError(null);
      },
      (e: unknown) => setImportError((e as Error).message),
    );
  return (
    <div className="files">
      <button
        type="button"
        disabled={!x || busy}
        onClick={() => x && download(`wide-optima-lab-${x.id}.json`, JSON.stringify(x), 'application/json')}
      >
        Export run (JSON)
      </button>
      <button type="button" disabled={!x} onClick={() => x && download('epochs.csv', epochsCsv(x), 'text/csv')}>
        Epochs (CSV)
      </button>
      <button type="button" disabled={!x} onClick={() => x && download('rays.csv', raysCsv(x), 'text/csv')}>
        Rays (CSV)
      </button>
      <button type="button" disabled={busy} onClick={() => fileInput.current?.click()}>
        Import run…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="import"
        onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])}
      />
      {importError && (
        <p className="error" data-testid="import-error">
          {importError}
        </p>
      )}
    </div>
  );
}
