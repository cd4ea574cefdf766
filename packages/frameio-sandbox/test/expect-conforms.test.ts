import { describe, expect, it } from 'vitest';
import { expectConforms } from './helpers/expect-conforms.ts';

// The validator must not be vacuous: the OpenAPI → JSON Schema rewrites keep every constraint.
const ID = '6f70f1bd-7e89-4a7e-b4d3-7e576585a181';
const TS = '2024-10-02T00:22:44.887775Z';
const file = {
  id: ID,
  name: 'a.mp4',
  type: 'file',
  parent_id: ID,
  project_id: ID,
  created_at: TS,
  updated_at: TS,
  view_url: 'x',
  file_size: 1,
  media_type: 'video/mp4',
  status: 'transcoded',
};
const comment = {
  id: ID,
  file_id: ID,
  text: 't',
  annotation: null,
  page: null,
  text_edited_at: null,
  timestamp: 12,
  duration: null,
  text_review_annotation: null,
  created_at: TS,
  updated_at: TS,
  completed_at: null,
  completer_id: null,
  attachments: [],
  mentions: [],
  links: [],
  anchor: null,
};
const FILE = '/v4/accounts/{account_id}/files/{file_id}';
const COMMENT = '/v4/accounts/{account_id}/comments/{comment_id}';
const CHILDREN = '/v4/accounts/{account_id}/folders/{folder_id}/children';

describe('expectConforms', () => {
  it('accepts valid bodies, including nullable allOf wrappers and null timestamps', () => {
    expectConforms('GET', FILE, 200, { data: file });
    expectConforms('GET', COMMENT, 200, { data: comment });
    expectConforms('GET', COMMENT, 200, {
      data: { ...comment, timestamp: null, anchor: { x: 0.5, y: 0.5 } },
    });
    expectConforms('GET', COMMENT, 200, { data: { ...comment, timestamp: '00:00:01:02' } });
    expectConforms('GET', CHILDREN, 200, {
      data: [file, { ...file, type: 'folder', cover_file_id: null }],
      links: { next: null },
    });
    expectConforms('DELETE', FILE, 204, undefined);
  });

  it('rejects schema violations', () => {
    const bad: [string, string, number, unknown][] = [
      ['GET', FILE, 200, { data: { ...file, bogus: 1 } }], // FileWithIncludes is closed (allOf + additionalProperties:false)
      ['GET', FILE, 200, { data: { ...file, status: 'done' } }],
      ['GET', FILE, 200, { data: { ...file, id: 'not-a-uuid' } }],
      ['GET', FILE, 200, { data: { ...file, media_links: { original: { download_url: null } } } }], // inline_url required
      ['GET', COMMENT, 200, { data: { ...comment, timestamp: 1.5 } }],
      ['GET', COMMENT, 200, { data: { ...comment, timestamp: '1s' } }],
      ['GET', COMMENT, 200, { data: { ...comment, anchor: { x: 2, y: 0 } } }],
      ['GET', COMMENT, 200, { data: { ...comment, text: null } }],
      ['GET', COMMENT, 200, { data: { ...comment, mentions: undefined } }],
      ['GET', CHILDREN, 200, { data: [{ ...file, type: 'folder' }], links: { next: null } }], // folder without cover_file_id
      ['GET', CHILDREN, 200, { data: [{ ...file, type: 'blob' }], links: { next: null } }],
      ['GET', CHILDREN, 200, { data: [], links: {} }],
      ['GET', FILE, 418, { errors: [{ detail: 'x' }] }],
      ['GET', FILE, 404, { errors: [{ detail: 'Not found', extra: 1 }] }],
      ['DELETE', FILE, 204, { data: null }],
    ];
    for (const [m, p, s, body] of bad)
      expect(() => expectConforms(m, p, s, body), JSON.stringify(body)).toThrow();
  });
});
