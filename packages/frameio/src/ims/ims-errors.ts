import { redactText } from '../http/redact.ts';

// IMS errors are not documented beyond standard OAuth (UNCONFIRMED, frameio-api-notes.md,
// "IMS tokens and refresh"): we expect RFC 6749 `{error, error_description}`. `invalid_grant` on
// refresh means the refresh token is expired, revoked or already used: the connection needs a
// reconnect.

export type ImsEndpoint = 'token' | 'revoke' | 'userinfo';

export interface ImsErrorInit {
  endpoint: ImsEndpoint;
  /** RFC 6749 error code, or `network_error` / `invalid_response` / `http_<status>`. */
  code: string;
  description?: string;
  status?: number;
  cause?: unknown;
  secrets?: readonly string[];
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

export class ImsError extends Error {
  readonly endpoint: ImsEndpoint;
  readonly code: string;
  readonly description: string | undefined;
  readonly status: number | undefined;

  constructor(init: ImsErrorInit) {
    const secrets = init.secrets ?? [];
    const code = redactText(init.code, secrets).slice(0, 100);
    const description = init.description ? redactText(init.description, secrets).slice(0, 500) : undefined;
    const status = init.status !== undefined ? ` (HTTP ${init.status})` : '';
    super(`Adobe IMS ${init.endpoint} failed${status}: ${code}${description ? ` - ${description}` : ''}`);
    this.name = 'ImsError';
    this.endpoint = init.endpoint;
    this.code = code;
    this.description = description;
    this.status = init.status;
    if (init.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: init.cause, enumerable: false, writable: true });
    }
  }

  /**
   * The refresh token is dead: the user must connect again ("needs reconnect" of the Frame.io
   * connection).
   */
  get needsReconnect(): boolean {
    return this.code === 'invalid_grant';
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      endpoint: this.endpoint,
      code: this.code,
      description: this.description,
      status: this.status,
    };
  }

  [INSPECT](): string {
    return `${this.stack ?? this.message}\n${JSON.stringify({ endpoint: this.endpoint, code: this.code, status: this.status })}`;
  }
}
