import type { FrameioResyncResult } from '@preroll/contracts/frameio-sync';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CommentSyncBadge } from '../src/frameio/comment-sync-badge.tsx';
import { resyncSummary } from '../src/frameio/resync-button.tsx';

const counts = (status: FrameioResyncResult['status'], changes = 0): FrameioResyncResult => ({
  files: 1,
  created: changes,
  updated: 0,
  deleted: 0,
  linked: 0,
  pushed: 0,
  status,
});

describe('Frame.io copy', () => {
  it('Resync says "In sync" only when the comments and the approval status both are', () => {
    expect(
      resyncSummary(counts({ outcome: 'in_sync', preroll: 'approved', frameio: 'Approved', detail: null })),
    ).toBe('In sync (1 file checked).');
    expect(
      resyncSummary(
        counts({ outcome: 'differs', preroll: 'approved', frameio: 'In Progress', detail: null }),
      ),
    ).toBe(
      'Comments in sync (1 file checked). Status differs: Frame.io shows “In Progress” while this deliverable is approved.',
    );
    expect(
      resyncSummary(counts({ outcome: 'sent', preroll: 'approved', frameio: 'Approved', detail: null })),
    ).toBe('Comments in sync (1 file checked). Status “Approved” sent to Frame.io.');
    expect(
      resyncSummary(
        counts(
          { outcome: 'applied', preroll: 'revision_requested', frameio: 'In Progress', detail: null },
          2,
        ),
      ),
    ).toBe(
      'Comments repaired: 2 added, 0 updated, 0 removed here; 0 sent to Frame.io. Frame.io’s Status “In Progress” applied here.',
    );
    expect(
      resyncSummary(
        counts({
          outcome: 'differs',
          preroll: 'approved',
          frameio: null,
          detail: 'Frame.io\'s Status field has no option "Approved"',
        }),
      ),
    ).toBe(
      'Comments in sync (1 file checked). Status not in sync: Frame.io\'s Status field has no option "Approved".',
    );
  });

  it('a failed comment sync reads "Frame.io: failed (reason)", never a reason starting with ": "', () => {
    const html = renderToStaticMarkup(
      createElement(CommentSyncBadge, {
        sync: {
          comment_id: 'c',
          state: 'failed',
          error: 'Frame.io answered 403',
          updated_at: '2026-01-01T00:00:00Z',
        },
      }),
    );
    const text = html.replace(/<[^>]+>/g, '');
    expect(text).toBe('Frame.io: failed (Frame.io answered 403)');
    expect(html).toContain('title="Frame.io sync failed: Frame.io answered 403"');
  });
});
