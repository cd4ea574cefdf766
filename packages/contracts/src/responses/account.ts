import { z } from 'zod';
import { timestamp } from './envelope.ts';

/**
 * The answer to requests whose outcome must not tell whether an account or contact exists
 * (password reset, portal sign-in link): always the same sentence, with a 202.
 */
export const acceptedMessageView = z.object({ message: z.string() });

/** An email change waits for the link mailed to the new address. */
export const pendingEmailChangeView = z.object({ pending_email: z.string(), expires_at: timestamp });

export const emailChangedView = z.object({ email: z.string() });
