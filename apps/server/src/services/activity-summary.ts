import type { ActivityRow } from '../repositories/activity.repository.ts';

/** What a lifecycle step reads as after the person's name ("Casey Client requested changes on …"). */
const STATUS_VERBS: Record<string, string> = {
  submitted: 'submitted',
  resubmitted: 'resubmitted',
  approved: 'approved',
  revision_requested: 'requested changes on',
  draft: 'moved back to draft',
};

const SUBJECT_WORDS: Record<string, string> = {
  client: 'client',
  show: 'show',
  episode: 'episode',
  deliverable: 'deliverable',
  portal_user: 'portal contact',
};

/**
 * One sentence naming who did what to which thing: "Casey Client requested changes on Full episode
 * cut: 'logo too small'". The thing's name is the one recorded with the entry (its title then);
 * entries written before titles were recorded fall back to "a deliverable".
 */
export function activitySummary(
  row: Pick<ActivityRow, 'actor_name' | 'action' | 'subject_type' | 'data_json'>,
): string {
  const data = JSON.parse(row.data_json) as Record<string, unknown>;
  const subject = SUBJECT_WORDS[row.subject_type] ?? row.subject_type.replace(/_/g, ' ');
  const name = ['title', 'name', 'email'].map((k) => data[k]).find((v) => typeof v === 'string') as
    | string
    | undefined;
  const thing = name ?? `a ${subject}`;
  if (row.action === 'status_changed' && typeof data.to === 'string') {
    const verb = STATUS_VERBS[data.to] ?? `moved to ${data.to.replace(/_/g, ' ')}`;
    const note = typeof data.note === 'string' && data.note ? `: '${data.note}'` : '';
    return `${row.actor_name} ${verb} ${thing}${note}`;
  }
  const verb = row.action.replace(/[._]/g, ' ');
  return `${row.actor_name} ${verb} the ${subject} ${name ?? ''}`.trim();
}
