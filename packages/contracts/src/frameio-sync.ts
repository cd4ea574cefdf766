import { z } from 'zod';
import { nonEmptyText } from './common.ts';

const optionName = nonEmptyText(100);

/**
 * `PUT /api/v1/integrations/frameio/status-mapping` (issue 7): which option of Frame.io's
 * "Status" field stands for each deliverable status. Frame.io → preroll: `approved` approves,
 * `revision_requested` requests a revision. preroll → Frame.io: submit/resubmit sets `in_review`
 * (null: leave the field alone), approve and request-revision set theirs.
 */
export const frameioStatusMappingBody = z.strictObject({
  approved: optionName,
  revision_requested: optionName,
  in_review: optionName.nullable().optional(),
});
export type FrameioStatusMapping = {
  approved: string;
  revision_requested: string;
  in_review: string | null;
};
