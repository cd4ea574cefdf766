import type { MarkerImportFormat, MarkerImportResult } from '@preroll/contracts/markers';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNotice } from '../components/form-controls.tsx';
import { guessFormat, IMPORT_CHOICES, sendMarkerFile } from './marker-files.ts';

const STATUS_LABEL: Record<MarkerImportResult['markers'][number]['status'], string> = {
  create: 'will be added',
  already_imported: 'imported before',
  already_on_version: 'already a note',
  out_of_range: 'outside the media',
  unplaceable: 'cannot be placed',
};

/**
 * Import an editor's markers as notes (team only): pick the file, preview what would be created
 * at which timecode (with every marker outside the media listed), then import. The same file
 * imported again adds nothing.
 */
export function MarkerImportDialog({ versionId, onClose }: { versionId: string; onClose: () => void }) {
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<MarkerImportFormat>('csv');
  const [align, setAlign] = useState<'timecode' | 'start'>('timecode');
  const [fileStart, setFileStart] = useState('');
  const [visibility, setVisibility] = useState<'internal' | 'client'>('internal');
  const query = {
    format,
    align,
    visibility,
    ...(align === 'start' && fileStart.trim() ? { file_start: fileStart.trim() } : {}),
  };
  const preview = useMutation({ mutationFn: (f: File) => sendMarkerFile(versionId, query, f, false) });
  const apply = useMutation({
    mutationFn: (f: File) => sendMarkerFile(versionId, query, f, true),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['comments', versionId] }),
  });
  const result = apply.data ?? preview.data;
  const reset = () => {
    preview.reset();
    apply.reset();
  };

  return (
    <div className="marker-dialog" role="dialog" aria-modal="true" aria-label="Import markers">
      <div className="marker-dialog__box panel">
        <div className="panel__header">
          <h2>Import markers</h2>
          <button type="button" className="btn btn--ghost btn--small" onClick={onClose}>
            Close
          </button>
        </div>
        <div className="form form--grid">
          <label className="field">
            Marker file
            <input
              type="file"
              aria-label="Marker file"
              accept=".edl,.fcpxml,.xml,.txt,.csv"
              onChange={async (e) => {
                const picked = e.target.files?.[0] ?? null;
                setFile(picked);
                reset();
                if (picked) setFormat(guessFormat(picked.name, await picked.slice(0, 4096).text()));
              }}
            />
          </label>
          <label className="field">
            Format
            <select
              aria-label="Import format"
              value={format}
              onChange={(e) => {
                setFormat(e.target.value as MarkerImportFormat);
                reset();
              }}
            >
              {IMPORT_CHOICES.map((c) => (
                <option key={c.format} value={c.format}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Place markers
            <select
              aria-label="Place markers"
              value={align}
              onChange={(e) => {
                setAlign(e.target.value as typeof align);
                reset();
              }}
            >
              <option value="timecode">At the same timecode</option>
              <option value="start">From the file's start</option>
            </select>
          </label>
          {align === 'start' ? (
            <label className="field">
              File's start timecode (if the file does not say)
              <input
                value={fileStart}
                placeholder="01:00:00:00"
                onChange={(e) => {
                  setFileStart(e.target.value);
                  reset();
                }}
              />
            </label>
          ) : null}
          <label className="field">
            New notes are
            <select
              aria-label="New notes are"
              value={visibility}
              onChange={(e) => setVisibility(e.target.value as typeof visibility)}
            >
              <option value="internal">Internal (team only)</option>
              <option value="client">Visible to the client</option>
            </select>
          </label>
        </div>
        <div className="form__actions">
          <button
            type="button"
            className="btn btn--small"
            disabled={!file || preview.isPending}
            onClick={() => file && preview.mutate(file)}
          >
            Preview
          </button>
          <button
            type="button"
            className="btn btn--primary btn--small"
            disabled={
              !file || !preview.data || apply.isPending || apply.isSuccess || preview.data.counts.create === 0
            }
            onClick={() => file && apply.mutate(file)}
          >
            Import {preview.data ? preview.data.counts.create : ''} notes
          </button>
        </div>
        <ErrorNotice error={preview.error ?? apply.error} />
        {apply.data ? (
          <div className="notice notice--ok" role="status">
            Added {apply.data.created} {apply.data.created === 1 ? 'note' : 'notes'}.
          </div>
        ) : null}
        {result ? <ImportPreview result={result} /> : null}
      </div>
    </div>
  );
}

function ImportPreview({ result }: { result: MarkerImportResult }) {
  const { counts } = result;
  return (
    <div className="marker-preview" data-testid="marker-preview">
      <p className="muted small">
        Version: {result.version.frame_rate} fps{result.version.drop_frame ? ' drop-frame' : ''}, starts{' '}
        {result.version.start_timecode}. {counts.create} to add ·{' '}
        {counts.already_imported + counts.already_on_version} already here · {counts.out_of_range} outside the
        media · {counts.unplaceable} unreadable
      </p>
      {result.warnings.map((w) => (
        <div key={w.code} className="notice notice--warn">
          {w.message}
        </div>
      ))}
      <table className="table">
        <thead>
          <tr>
            <th>Timecode</th>
            <th>Frame</th>
            <th>Note</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {result.markers.map((m) => (
            <tr key={m.where} className={`marker-preview__row marker-preview__row--${m.status}`}>
              <td className="num">{m.timecode ?? '—'}</td>
              <td className="num">{m.frame ?? '—'}</td>
              <td className="prewrap">
                {m.body}
                {m.author ? <span className="muted"> — {m.author}</span> : null}
              </td>
              <td>
                {STATUS_LABEL[m.status]}
                {m.reason ? <div className="muted small">{m.reason}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
