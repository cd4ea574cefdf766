import nodemailer from 'nodemailer';
import type { Clock } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import type { MailOutboxRepository } from './mail-outbox.repository.ts';

export interface OutgoingMail {
  orgId: string | null;
  to: string;
  subject: string;
  text: string;
  /** An HTML part beside the text (notifications), rendered with every value escaped. */
  html?: string;
  /** Extra headers (List-Unsubscribe). */
  headers?: Record<string, string>;
}

export interface Mailer {
  readonly transport: 'smtp' | 'outbox';
  /**
   * `outbox`: the outbox bound to the caller's transaction, so the record commits with what the
   * caller marks as sent (notifications); by default the pool's.
   */
  send(mail: OutgoingMail, outbox?: MailOutboxRepository): Promise<void>;
}

/**
 * Sends over SMTP when SMTP_URL is configured. Every message is also recorded in mail_outbox:
 * without SMTP that table *is* the delivery (the dev outbox shown to admins), with SMTP it is
 * the audit trail of what was sent (recipient and subject, not the body).
 */
export function createMailer(opts: {
  smtpUrl: string | undefined;
  from: string;
  outbox: MailOutboxRepository;
  clock: Clock;
  /** Says where each message went (never its body: it may hold a login link). */
  log?: (message: string) => void;
}): Mailer {
  const smtp = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : undefined;
  return {
    transport: smtp ? 'smtp' : 'outbox',
    async send(mail, outbox = opts.outbox) {
      if (smtp)
        await smtp.sendMail({
          from: opts.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          ...(mail.headers ? { headers: mail.headers } : {}),
        });
      await outbox.insert({
        id: newId(),
        org_id: mail.orgId,
        to_address: mail.to.toLowerCase(),
        subject: mail.subject,
        // Mail bodies carry login links (invitations, magic links). Once SMTP delivered them there
        // is no reason to keep a usable token in the database, so only the envelope stays.
        body_text: smtp
          ? '(delivered over SMTP; the body is not kept because it contains a login link)'
          : mail.text,
        body_html: smtp ? null : (mail.html ?? null),
        transport: smtp ? 'smtp' : 'outbox',
        created_at: opts.clock.now().toISOString(),
      });
      opts.log?.(
        smtp
          ? `mail "${mail.subject}" sent over SMTP to ${mail.to}`
          : `mail "${mail.subject}" to ${mail.to} written to the dev outbox (no SMTP_URL): admins read it at GET /api/v1/dev/outbox or Settings → Mail outbox`,
      );
    },
  };
}
