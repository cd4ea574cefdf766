import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getData, patch } from '../api/api-client.ts';
import { ErrorNotice } from '../components/form-controls.tsx';

interface FrameioSettings {
  auto_mirror: boolean;
}

/**
 * "Mirror automatically": on, a new deliverable mirrors its show (project) and episode (folder) at
 * once; off (the default), that happens on the first Send to Frame.io. Admins change it.
 */
export function AutoMirrorSetting({ canManage }: { canManage: boolean }) {
  const qc = useQueryClient();
  const settings = useQuery({
    queryKey: ['frameio-settings'],
    queryFn: () => getData<FrameioSettings>('/integrations/frameio/settings'),
  });
  const save = useMutation({
    mutationFn: (auto_mirror: boolean) =>
      patch<FrameioSettings>('/integrations/frameio/settings', { auto_mirror }),
    onSuccess: (s) => qc.setQueryData(['frameio-settings'], s),
  });
  if (!settings.data) return settings.isError ? <ErrorNotice error={settings.error} /> : null;
  const on = save.isPending && save.variables !== undefined ? save.variables : settings.data.auto_mirror;
  return (
    <div className="frameio-setting">
      <label className="inline-label">
        <input
          type="checkbox"
          checked={on}
          disabled={!canManage || save.isPending}
          onChange={(e) => save.mutate(e.target.checked)}
        />
        Mirror automatically
      </label>
      <span className="muted small">
        {on
          ? 'A new deliverable creates its show’s project and episode’s folder in Frame.io right away.'
          : 'Projects and folders are created in Frame.io on the first Send to Frame.io.'}
      </span>
      <ErrorNotice error={save.error} />
    </div>
  );
}
