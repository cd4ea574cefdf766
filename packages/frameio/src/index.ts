// @preroll/frameio: a typed Frame.io V4 + Adobe IMS client. No env, no database, no framework:
// everything it needs (fetch, base URLs, tokens, clock) is passed in.

export { createFrameioClient, type FrameioClient, type FrameioClientOptions } from './client.ts';
export {
  errorClassForStatus,
  FrameioAuthError,
  FrameioError,
  type FrameioErrorInit,
  type FrameioErrorKind,
  FrameioNetworkError,
  FrameioNotFoundError,
  FrameioPermissionError,
  FrameioRateLimitError,
  FrameioServerError,
  FrameioUnsupportedError,
  FrameioValidationError,
} from './errors.ts';
export { type Clock, systemClock } from './http/clock.ts';
export {
  type HttpMethod,
  OPERATIONS,
  type OperationName,
  type OperationSpec,
  type RateLimit,
} from './http/operations.ts';
export { fetchPage, type ListRequest, paginate, paginatePages } from './http/paginate.ts';
export { RateLimiter, type RateLimitHeaders, readRateLimitHeaders } from './http/rate-limiter.ts';
export { REDACTED, redactText, redactValue, SecretRegistry } from './http/redact.ts';
export {
  DEFAULT_BASE_URL,
  type Envelope,
  FrameioHttp,
  type FrameioHttpOptions,
  type RequestOptions,
  type RetryEvent,
  type RetryGuard,
} from './http/request.ts';
export {
  type AttemptOutcome,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  isRetryableOutcome,
  isSafeToRetry,
  type NetworkPhase,
  parseRetryAfter,
  type RetryDecision,
  type RetryPolicyOptions,
  type RetryState,
  retryDelayMs,
} from './http/retry-policy.ts';
export type { LeasedToken, TokenProvider } from './http/token-manager.ts';
export { path, type QueryParams, type QueryValue } from './http/url.ts';
export { type ImsEndpoint, ImsError, type ImsErrorInit } from './ims/ims-errors.ts';
export {
  type AuthorizeUrlParams,
  createImsClient,
  DEFAULT_IMS_BASE_URL,
  FRAMEIO_DEFAULT_SCOPES,
  type ImsClient,
  type ImsClientOptions,
  type ImsTokenSet,
  type ImsUserInfo,
} from './ims/ims-oauth.ts';
export { createImsTokenProvider, type ImsTokenProviderOptions } from './ims/ims-token-provider.ts';
export {
  codeChallengeS256,
  createCodeVerifier,
  createPkcePair,
  createState,
  type PkcePair,
} from './ims/pkce.ts';
export { needsReconnect } from './needs-reconnect.ts';
export type * from './resources/accounts.ts';
export type { CallOptions, CreateOptions } from './resources/call-options.ts';
export type * from './resources/comments.ts';
export type * from './resources/files.ts';
export type * from './resources/folders.ts';
export type * from './resources/metadata.ts';
export type * from './resources/projects.ts';
export type * from './resources/shares.ts';
export type * from './resources/users.ts';
export type * from './resources/version-stacks.ts';
export type * from './resources/webhooks.ts';
export type * from './types/index.ts';
export {
  constructWebhookEvent,
  FrameioWebhookError,
  isSignedWith,
  isWebhookTimestampFresh,
  readWebhookRequest,
  signWebhook,
  type UnverifiedWebhook,
  WEBHOOK_TOLERANCE_SECONDS,
  type WebhookPayload,
  type WebhookRejection,
  type WebhookRequest,
} from './webhooks/verify-webhook.ts';
