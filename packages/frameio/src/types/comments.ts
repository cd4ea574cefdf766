import type { User } from './common.ts';

// Comments (frameio-api-notes.md, "Comments and framestamps"). `timestamp` is passed through
// untouched: an integer frame number counted from 1 (Frame.io's Migration guide), or an
// `HH:MM:SS:FF` string with `timestamp_as_timecode=true`. Conversion to/from our own frame index
// happens in the server with @preroll/timecode, never here.

export type CommentTimestamp = number | string | null;

export interface CommentAnchor {
  x: number;
  y: number;
}

export interface CommentLink {
  start_index: number;
  end_index: number;
  url: string;
}

export interface CommentAttachment {
  id: string;
  name: string;
  media_type: string | null;
  file_size: number;
  created_at: string;
  upload_urls?: string[] | null;
}

export interface TextReviewAnnotation {
  bounds: Array<{ x: number; y: number; width: number; height: number }>;
  selection_text: string | null;
  suggested_text: string | null;
  text_review_annotation_type: 'highlight' | 'insert' | 'remove' | 'replace';
}

export interface Comment {
  id: string;
  file_id: string;
  text: string;
  timestamp: CommentTimestamp;
  /** Frames; requires `timestamp`. */
  duration: number | null;
  page: number | null;
  annotation: string | null;
  anchor?: CommentAnchor | null;
  completed_at: string | null;
  completer_id: string | null;
  text_edited_at: string | null;
  created_at: string;
  updated_at: string;
  attachments: CommentAttachment[] | null;
  mentions: Array<{ start_index: number; end_index: number; text: string; user_id: string }>;
  links: Array<CommentLink & { text: string }>;
  text_review_annotation: TextReviewAnnotation | null;
}

export interface CommentWithIncludes extends Comment {
  owner?: User;
  replies?: Comment[];
}

/** `CreateCommentParams.data` (additionalProperties: false). */
export interface CommentCreateInput {
  text: string;
  timestamp?: CommentTimestamp;
  duration?: number | null;
  annotation?: string | null;
  page?: number | null;
  completed?: boolean | null;
  anchor?: CommentAnchor | null;
  links?: CommentLink[];
  attachments?: Array<{ name: string; file_size: number; media_type: string }>;
  text_review_annotation?: TextReviewAnnotation;
}

/** `UpdateCommentParams.data`: every field optional. */
export interface CommentUpdateInput {
  text?: string;
  timestamp?: CommentTimestamp;
  duration?: number | null;
  annotation?: string | null;
  page?: number | null;
  completed?: boolean | null;
  anchor?: CommentAnchor | null;
  links?: CommentLink[];
  text_review_annotation?: Partial<TextReviewAnnotation>;
}

export type CommentInclude = 'owner' | 'replies';

export type CommentSort =
  | 'owner_asc'
  | 'owner_desc'
  | 'completed_at_asc'
  | 'completed_at_desc'
  | 'created_at_asc'
  | 'created_at_desc';
