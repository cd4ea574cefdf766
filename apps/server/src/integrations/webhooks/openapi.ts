import { dataOf, pageOf } from '@preroll/contracts/responses/envelope';
import {
  webhookDeliveryView,
  webhookEndpointView,
  webhookEndpointWithSecretView,
  webhookEventView,
} from '@preroll/contracts/responses/webhooks';
import {
  createWebhookEndpointBody,
  rotateWebhookSecretBody,
  updateWebhookEndpointBody,
  webhookDeliveriesQuery,
} from '@preroll/contracts/webhooks';
import { z } from 'zod';
import type { ApiOperation } from '../../http/openapi/api-operation.ts';

const idParams = z.object({ id: z.uuid() });
const tag = 'Webhooks';

/** Outgoing webhooks' routes in the OpenAPI document (docs/webhooks.md); admins manage endpoints. */
export const webhookOperations: ApiOperation[] = [
  {
    method: 'GET',
    path: '/api/v1/webhook-events',
    operationId: 'listWebhookEvents',
    summary: 'The events an endpoint may subscribe to',
    tag,
    access: 'team',
    responses: { 200: dataOf(z.array(webhookEventView)) },
  },
  {
    method: 'GET',
    path: '/api/v1/webhook-endpoints',
    operationId: 'listWebhookEndpoints',
    summary: 'The organization’s webhook endpoints',
    tag,
    access: 'team',
    responses: { 200: dataOf(z.array(webhookEndpointView)) },
  },
  {
    method: 'POST',
    path: '/api/v1/webhook-endpoints',
    operationId: 'createWebhookEndpoint',
    summary: 'Add an endpoint (Standard Webhooks or Slack); the signing secret is shown once',
    tag,
    access: 'team',
    body: createWebhookEndpointBody,
    responses: { 201: dataOf(webhookEndpointWithSecretView), 404: null, 422: null },
  },
  {
    method: 'GET',
    path: '/api/v1/webhook-endpoints/:id',
    operationId: 'getWebhookEndpoint',
    summary: 'One endpoint',
    tag,
    access: 'team',
    params: idParams,
    responses: { 200: dataOf(webhookEndpointView) },
  },
  {
    method: 'PATCH',
    path: '/api/v1/webhook-endpoints/:id',
    operationId: 'updateWebhookEndpoint',
    summary: 'Change an endpoint, or enable/disable it',
    tag,
    access: 'team',
    params: idParams,
    body: updateWebhookEndpointBody,
    responses: { 200: dataOf(webhookEndpointView), 422: null },
  },
  {
    method: 'DELETE',
    path: '/api/v1/webhook-endpoints/:id',
    operationId: 'deleteWebhookEndpoint',
    summary: 'Delete an endpoint and its delivery log',
    tag,
    access: 'team',
    params: idParams,
    responses: { 204: null },
  },
  {
    method: 'POST',
    path: '/api/v1/webhook-endpoints/:id/rotate-secret',
    operationId: 'rotateWebhookSecret',
    summary: 'A new signing secret; the old one keeps signing for the overlap',
    tag,
    access: 'team',
    params: idParams,
    body: rotateWebhookSecretBody,
    responses: { 200: dataOf(webhookEndpointWithSecretView) },
  },
  {
    method: 'POST',
    path: '/api/v1/webhook-endpoints/:id/test',
    operationId: 'sendWebhookTest',
    summary: 'Queue a `webhook.test` event to this endpoint',
    tag,
    access: 'team',
    params: idParams,
    responses: { 202: dataOf(webhookDeliveryView), 409: null },
  },
  {
    method: 'GET',
    path: '/api/v1/webhook-endpoints/:id/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'The endpoint’s delivery log with each attempt, newest first',
    tag,
    access: 'team',
    params: idParams,
    query: webhookDeliveriesQuery,
    responses: { 200: pageOf(webhookDeliveryView) },
  },
  {
    method: 'POST',
    path: '/api/v1/webhook-deliveries/:id/replay',
    operationId: 'replayWebhookDelivery',
    summary: 'Send a delivery again with the same message id',
    tag,
    access: 'team',
    params: idParams,
    responses: { 202: dataOf(webhookDeliveryView), 409: null },
  },
];
