/**
 * The experiment as files: export it (JSON, the epochs and rays as CSV: their
 * columns keep their English names, as data files do), or import a run exported earlier.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Experiment } from '../experiment';
import { type Message, message, translate } from '../i18n/message';
import { MessageError, localizeMessage } from '../i18n/text';
import { epochsCsv, raysCsv } from '../persistence';
import { download, readExperimentFile } from './files';

export function RunFiles({ x, busy, onImport }: { x: Experiment | null; busy: boolean; onImport: (x: Experiment) => void }) {
  const { t } = useTranslation();
  const fileInput = useRef<HTMLInputElement>(null);
  // Kept as a message, so a language switch translates it.
  const [importError, setImportError] = useState<Message | null>(null);
  const importFile = (f: File) =>
    readExperimentFile(f).then(
      (parsed) => {
        onImport(parsed);
        setImportError(null);
      },
      (e: unknown) =>
        setImportError(e instanceof MessageError ? e.detail : message('lab.import.unreadable', { source: f.name, reason: String(e) })),
    );
  return (
    <div className="files">
      <button
        type="button"
        disabled={!x || busy}
        onClick={() => x && download(`wide-optima-lab-${x.id}.json`, JSON.stringify(x), 'application/json')}
      >
        {t('lab.files.exportJson')}
      </button>
      <button type="button" disabled={!x} onClick={() => x && download('epochs.csv', epochsCsv(x), 'text/csv')}>
        {t('lab.files.epochsCsv')}
      </button>
      <button type="button" disabled={!x} onClick={() => x && download('rays.csv', raysCsv(x), 'text/csv')}>
        {t('lab.files.raysCsv')}
      </button>
      <button type="button" disabled={busy} onClick={() => fileInput.current?.click()}>
        {t('lab.files.import')}
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
          {translate(t, localizeMessage(importError))}
        </p>
      )}
    </div>
  );
}
