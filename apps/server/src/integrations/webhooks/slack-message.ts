/**
 * A Slack incoming-webhook message for an event (docs/webhooks.md, "Slack"): one readable line
 * with links back to preroll instead of the raw JSON. Slack's mrkdwn treats `&`, `<` and `>` as
 * control characters (api.slack.com, "Formatting text for app surfaces": escaping), so every text
 * that comes from people (titles, names, comment bodies) is escaped; links are `<url|label>`.
 */
interface Named {
  title?: string;
  name?: string;
  url?: string;
  number?: number | null;
}

type Data = Record<string, unknown> & {
  client?: Named;
  show?: Named;
  episode?: Named;
  deliverable?: Named & { status?: string };
  version?: Named & { filename?: string };
  comment?: {
    author?: { name?: string };
    body?: string | null;
    timecode?: string | null;
    visibility?: string;
  };
};

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function link(url: string | undefined, label: string): string {
  const safe = escapeMrkdwn(label).replaceAll('|', '¦');
  return url ? `<${url}|${safe}>` : safe;
}

/** "Show · Episode · Deliverable" linked to the deliverable, "v3" linked to the version. */
function subject(d: Data): string {
  const title = [d.show?.title, d.episode?.title, d.deliverable?.title].filter(Boolean).join(' · ');
  const what = link(d.deliverable?.url, title || 'a deliverable');
  return d.version ? `${link(d.version.url, `v${d.version.number}`)} of ${what}` : what;
}

function quote(body: string | null | undefined): string {
  if (!body) return '';
  const short = body.length > 500 ? `${body.slice(0, 500)}…` : body;
  return `\n>${escapeMrkdwn(short).replaceAll('\n', '\n>')}`;
}

function line(type: string, d: Data): string {
  const c = d.comment;
  const who = escapeMrkdwn(c?.author?.name ?? 'Someone');
  const at = c?.timecode ? ` at ${c.timecode}` : '';
  const internal = c?.visibility === 'internal' ? ' (internal)' : '';
  switch (type) {
    case 'version.created':
      return `:arrow_up: New version ${subject(d)} uploaded (${escapeMrkdwn(d.version?.filename ?? '')})`;
    case 'version.ready':
      return `:white_check_mark: ${subject(d)} is ready to review`;
    case 'deliverable.status_changed':
      return `:arrows_counterclockwise: ${subject(d)} went from ${String(d.from).replace('_', ' ')} to *${String(d.to).replace('_', ' ')}*${d.source === 'frameio' ? ' in Frame.io' : ''}`;
    case 'comment.created':
      return `:speech_balloon: *${who}* commented${internal} on ${subject(d)}${at}${quote(c?.body)}`;
    case 'comment.updated':
      return `:pencil2: *${who}* edited a comment${internal} on ${subject(d)}${at}${quote(c?.body)}`;
    case 'comment.completed':
      return `:ballot_box_with_check: A comment by *${who}* on ${subject(d)}${at} was marked done`;
    case 'comment.deleted':
      return `:wastebasket: A comment by *${who}* on ${subject(d)}${at} was deleted`;
    case 'frameio.send.finished':
      return `:film_frames: ${subject(d)} is in Frame.io`;
    case 'frameio.send.failed': {
      const error = d.error as { message?: string } | undefined;
      return `:warning: Send to Frame.io failed for ${subject(d)}: ${escapeMrkdwn(error?.message ?? 'unknown error')}`;
    }
    case 'frameio.review_link.created': {
      const review = d.review_link as { url?: string } | undefined;
      return `:link: Review link for ${subject(d)}: ${link(review?.url, review?.url ?? 'open')}`;
    }
    case 'webhook.test':
      return ':wave: Test event from preroll: this channel will receive the events you chose.';
    default:
      return `${escapeMrkdwn(type)} on ${subject(d)}`;
  }
}

export function slackMessage(payload: { type: string; data: Data }): SlackMessage {
  const text = line(payload.type, payload.data);
  const client = payload.data.client?.name;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `${client ? `${escapeMrkdwn(client)} · ` : ''}preroll · ${payload.type}` },
        ],
      },
    ],
  };
}
