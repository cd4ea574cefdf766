/**
 * The one error type services throw. The HTTP layer turns it into
 * `{"error": {"message", "code", ...details}}` with its status; codes are stable API.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(400, code, message, details);
export const unauthorized = (message = 'Authentication required', code = 'unauthorized') =>
  new AppError(401, code, message);
export const forbidden = (message = 'You do not have permission to do that', code = 'forbidden') =>
  new AppError(403, code, message);
/** Also used for other organizations' ids: their existence is never revealed. */
export const notFound = (what: string) =>
  new AppError(404, 'not_found', `${what} not found`, { resource: what.toLowerCase() });
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(422, code, message, details);
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', message, { retry_after: retryAfterSeconds });
