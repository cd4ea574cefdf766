/**
 * Frame.io error bodies (frameio-api-notes.md, "Errors"):
 * `{errors: [{detail, source?: {pointer}, title?}]}`.
 */
export interface ApiErrorItem {
  detail: string;
  source?: { pointer: string };
  title?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ApiErrorItem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors[0]?.detail ?? `HTTP ${status}`);
  }

  body(): { errors: ApiErrorItem[] } {
    return { errors: this.errors };
  }
}

export const notFound = (): ApiError => new ApiError(404, [{ detail: 'Not found' }]);
export const unauthorized = (): ApiError => new ApiError(401, [{ detail: 'Unauthorized' }]);
/** 403: the user may see the resource but not do this (frameio-api-notes.md, "Permissions"). */
export const forbidden = (detail = 'Forbidden'): ApiError => new ApiError(403, [{ detail }]);
export const badRequest = (detail = 'Bad request'): ApiError => new ApiError(400, [{ detail }]);

/** 422 with a pointer; title is always present so JsonErrorResponse (version stacks) is satisfied too. */
export function invalid(pointer: string, detail: string): ApiError {
  return new ApiError(422, [{ detail, source: { pointer }, title: 'Invalid value' }]);
}
