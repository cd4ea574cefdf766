import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getData, patch } from '../api/api-client.ts';
import { ErrorNotice } from '../components/form-controls.tsx';

interface FrameioSettings {
  auto_mirror: boolean;
  sync_internal_comments: boolean;
}

type SettingName = keyof FrameioSettings;

const SETTINGS: Array<{ name: SettingName; label: string; on: string; off: string }> = [
  {
    name: 'auto_mirror',
    label: 'Mirror automatically',
    on: 'A new deliverable creates its show’s project and episode’s folder in Frame.io right away.',
    off: 'Projects and folders are created in Frame.io on the first Send to Frame.io.',
  },
  {
    name: 'sync_internal_comments',
    label: 'Sync internal comments',
    on: 'Internal (team-only) comments go to Frame.io too: anyone with access to the file there sees them.',
    off: 'Only client-visible comments go to Frame.io; internal ones stay in preroll.',
  },
];

/**
 * The organization's Frame.io settings. "Mirror automatically": on, a new deliverable mirrors its
 * show (project) and episode (folder) at once; off (the default), that happens on the first Send.
 * "Sync internal comments": off by default, because Frame.io reviewers would see team-only notes.
 * Admins change them; members see them.
 */
export function AutoMirrorSetting({ canManage }: { canManage: boolean }) {
  const qc = useQueryClient();
  const settings = useQuery({
    queryKey: ['frameio-settings'],
    queryFn: () => getData<FrameioSettings>('/integrations/frameio/settings'),
  });
  // The clicked value shows at once, in the same render as the click (a controlled checkbox that
  // waited for the mutation's pending state would flip back for a moment), until the server answers.
  const [shown, setShown] = useState<Partial<FrameioSettings>>({});
  const save = useMutation({
    mutationFn: (change: Partial<FrameioSettings>) =>
      patch<FrameioSettings>('/integrations/frameio/settings', change),
    onSuccess: (s) => qc.setQueryData(['frameio-settings'], s),
    onSettled: () => setShown({}),
  });
  if (!settings.data) return settings.isError ? <ErrorNotice error={settings.error} /> : null;
  const current: FrameioSettings = { ...settings.data, ...shown };
  return (
    <>
      {SETTINGS.map((s) => (
        <div className="frameio-setting" key={s.name}>
          <label className="inline-label">
            <input
              type="checkbox"
              checked={current[s.name]}
              disabled={!canManage || save.isPending}
              onChange={(e) => {
                setShown({ [s.name]: e.target.checked });
                save.mutate({ [s.name]: e.target.checked });
              }}
            />
            {s.label}
          </label>
          <span className="muted small">{current[s.name] ? s.on : s.off}</span>
        </div>
      ))}
      <ErrorNotice error={save.error} />
    </>
  );
}
