import Handlebars from 'handlebars';

/** What one notification email shows: one or several events, for one person. */
export interface MailView {
  greetingName: string;
  heading: string;
  items: Array<{ title: string; excerpt: string | null; when: string }>;
  /** Where the button leads: a login link for a client, the page for a member. */
  actionUrl: string;
  actionLabel: string;
  unsubscribes: Array<{ label: string; url: string }>;
  preferencesUrl: string | null;
}

// Handlebars escapes every `{{value}}` in the HTML template (& < > " ' ` =); nothing here uses the
// unescaped `{{{…}}}` form. Strict mode makes a missing field an error instead of an empty string.
const HTML = `<!doctype html>
<html><body style="font-family: sans-serif; color: #1d1d1f; max-width: 560px; margin: 0 auto;">
<p>Hello {{greetingName}},</p>
<h2 style="font-size: 18px;">{{heading}}</h2>
<ul style="padding-left: 18px;">
{{#each items}}  <li style="margin-bottom: 10px;"><strong>{{this.title}}</strong>{{#if this.excerpt}}<br><span style="color: #555;">“{{this.excerpt}}”</span>{{/if}}<br><small style="color: #888;">{{this.when}}</small></li>
{{/each}}</ul>
<p><a href="{{actionUrl}}" style="background: #3b5bdb; color: #fff; padding: 8px 14px; border-radius: 4px; text-decoration: none;">{{actionLabel}}</a></p>
<hr style="border: none; border-top: 1px solid #ddd;">
<p style="font-size: 12px; color: #888;">
{{#each unsubscribes}}<a href="{{this.url}}" style="color: #888;">{{this.label}}</a><br>{{/each}}
{{#if preferencesUrl}}<a href="{{preferencesUrl}}" style="color: #888;">Choose what preroll emails you about</a>{{/if}}
</p>
</body></html>
`;

const TEXT = `Hello {{greetingName}},

{{heading}}

{{#each items}}- {{this.title}}
{{#if this.excerpt}}  "{{this.excerpt}}"
{{/if}}  {{this.when}}
{{/each}}
{{actionLabel}}: {{actionUrl}}

{{#each unsubscribes}}{{this.label}}: {{this.url}}
{{/each}}{{#if preferencesUrl}}Choose what preroll emails you about: {{preferencesUrl}}
{{/if}}`;

const renderHtml = Handlebars.compile<MailView>(HTML, { strict: true });
// Plain text is not HTML: escaping would show "&amp;" to the reader.
const renderText = Handlebars.compile<MailView>(TEXT, { strict: true, noEscape: true });

export function renderNotificationMail(view: MailView): { html: string; text: string } {
  return { html: renderHtml(view), text: renderText(view) };
}
