import { useRef, useState } from 'react';
import { EXPORT_CHOICES, exportUrl } from './marker-files.ts';
import { MarkerImportDialog } from './marker-import-dialog.tsx';
import './marker-menu.css';

/**
 * Markers out to the edit suite (and in, for the team): the version's notes as an EDL, a Resolve
 * marker EDL, FCPXML, Premiere/FCP7 XML, an Avid marker list, a CSV or a printable report. The
 * portal gets the same menu; the server decides what a client may see.
 */
export function MarkerExportMenu({ versionId, canImport }: { versionId: string; canImport: boolean }) {
  const [format, setFormat] = useState<(typeof EXPORT_CHOICES)[number]['format']>('edl');
  const [status, setStatus] = useState<'all' | 'open' | 'done'>('all');
  const [clientOnly, setClientOnly] = useState(false);
  const [importing, setImporting] = useState(false);
  const menu = useRef<HTMLDetailsElement>(null);
  const query = { format, status, ...(clientOnly ? { visibility: 'client' } : {}) };
  return (
    <>
      <details className="marker-menu" ref={menu}>
        <summary className="btn btn--small">Export markers</summary>
        <div className="marker-menu__panel panel">
          <label className="field">
            Format
            <select
              aria-label="Marker format"
              value={format}
              onChange={(e) => setFormat(e.target.value as typeof format)}
            >
              {EXPORT_CHOICES.map((c) => (
                <option key={c.format} value={c.format}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Notes
            <select
              aria-label="Which notes"
              value={status}
              onChange={(e) => setStatus(e.target.value as typeof status)}
            >
              <option value="all">All notes</option>
              <option value="open">Open notes</option>
              <option value="done">Done notes</option>
            </select>
          </label>
          {canImport ? (
            <label className="inline-label">
              <input type="checkbox" checked={clientOnly} onChange={(e) => setClientOnly(e.target.checked)} />{' '}
              Only what the client sees
            </label>
          ) : null}
          <div className="form__actions">
            <a className="btn btn--primary btn--small" href={exportUrl(versionId, query)} download>
              Download
            </a>
            <a
              className="btn btn--small"
              href={exportUrl(versionId, { ...query, format: 'html', disposition: 'inline' })}
              target="_blank"
              rel="noopener"
            >
              Open printable report
            </a>
          </div>
        </div>
      </details>
      {canImport ? (
        <button
          type="button"
          className="btn btn--small"
          aria-expanded={importing}
          onClick={() => {
            if (menu.current) menu.current.open = false;
            setImporting((v) => !v);
          }}
        >
          Import markers
        </button>
      ) : null}
      {importing ? <MarkerImportDialog versionId={versionId} onClose={() => setImporting(false)} /> : null}
    </>
  );
}
