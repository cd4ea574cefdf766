import type { UserRec } from '../state/state-types.ts';
import { escapeHtml } from './html.ts';

const CSS = `*{box-sizing:border-box}body{font-family:system-ui,sans-serif;margin:0;background:#15161a;color:#e8e8ea}
a{color:#7fb2ff}header{display:flex;gap:16px;align-items:center;padding:10px 20px;background:#202127;border-bottom:1px solid #333}
header h1{font-size:16px;margin:0 12px 0 0}header nav{display:flex;gap:12px;flex:1}main{padding:20px;max-width:1200px;margin:auto}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #333;padding:6px 8px;text-align:left;font-size:14px;vertical-align:top}
button,select,input,textarea{font:inherit;padding:5px 8px;border-radius:5px;border:1px solid #555;background:#2a2b31;color:#eee}
button{cursor:pointer}button.primary{background:#1473e6;border-color:#1473e6}.muted{color:#999;font-size:13px}
.grid{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:20px}video{width:100%;background:#000;border-radius:6px}
.comment{border:1px solid #333;border-radius:6px;padding:10px;margin-bottom:10px}.comment.done{opacity:.6}
.reply{margin:8px 0 0 16px;padding-left:10px;border-left:2px solid #444}.row{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
textarea{width:100%;min-height:60px}ul.assets{list-style:none;padding:0}ul.assets li{padding:6px 0;border-bottom:1px solid #2c2c2c}
.crumbs{margin-bottom:12px}.tc{font-family:ui-monospace,monospace}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:13px}.facts dd{margin:0}.warn{color:#ffb454}`;

export function layout(
  title: string,
  body: string,
  users: UserRec[],
  actingId: string,
  returnTo: string,
): string {
  const options = users
    .map(
      (u) =>
        `<option value="${escapeHtml(u.id)}"${u.id === actingId ? ' selected' : ''}>${escapeHtml(u.name)}</option>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} – Frame.io sandbox</title><style>${CSS}</style></head><body>
<header><h1>Frame.io sandbox</h1><nav aria-label="Main"><a href="/ui/">Projects</a><a href="/ui/webhooks">Webhook deliveries</a></nav>
<form method="post" action="/ui/acting-user" class="row"><label for="acting-user">Acting user</label>
<select id="acting-user" name="user_id">${options}</select><input type="hidden" name="return_to" value="${escapeHtml(returnTo)}">
<button type="submit">Switch user</button></form></header>
<main>${body}</main></body></html>`;
}
