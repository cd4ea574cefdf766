// Shares = review links (frameio-api-notes.md, "Shares"). The public URL is `short_url`.

export type ShareAccess = 'public' | 'secure';

/** Appearance and behaviour fields shared by Share, create and update params. */
export interface ShareSettings {
  enabled?: boolean;
  commenting_enabled?: boolean;
  downloading_enabled?: boolean;
  passphrase?: string | null;
  expiration?: string | null;
  description?: string | null;
  layout?: 'grid' | 'list' | 'reel';
  theme?: 'dark' | 'light' | 'neutral';
  accent_color?: string | null;
  card_size?: 'small' | 'medium' | 'large';
  card_aspect_ratio?: 'horizontal' | 'square' | 'vertical';
  card_info_enabled?: boolean;
  list_row_size?: 'small' | 'medium' | 'large';
  reel_card_aspect_ratio?: 'horizontal' | 'square' | 'vertical';
  reel_card_fit_image?: boolean;
  thumbnail_scale?: 'fit' | 'fill';
  title_line_count?: number;
  name_column_width?: number | null;
  icons_visible_on_list?: boolean;
  editable_fields_enabled?: boolean;
  open_in_viewer_enabled?: boolean;
  show_asset_name_in_reel_layout?: boolean;
  show_all_asset_versions?: boolean | null;
  watermark_enabled?: boolean | null;
  forensic_watermark_enabled?: boolean;
  drm_enabled?: boolean;
  captions_enabled?: boolean | null;
  transcripts_enabled?: boolean | null;
  visible_field_definition_ids?: string[];
  featured_field_definition_id?: string | null;
  sort_by?: { field_definition_id: string; direction: 'asc' | 'desc' };
}

export interface Share extends ShareSettings {
  id: string;
  name: string | null;
  description: string | null;
  collection_id: string;
  short_url: string | null;
  access: ShareAccess;
  enabled: boolean;
  commenting_enabled: boolean;
  downloading_enabled: boolean;
  expiration: string | null;
  last_viewed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** `AssetShareParams` (the only `CreateShareParams` variant): type, name, access required. */
export interface ShareCreateInput extends ShareSettings {
  type: 'asset';
  /** 1..175 chars, at least one non-whitespace, no line breaks. */
  name: string;
  access: ShareAccess;
  /** File, folder and/or version stack ids (1..100). */
  asset_ids?: string[];
}

/** `UpdateShareParams.data` (minProperties 1). */
export interface ShareUpdateInput extends ShareSettings {
  name?: string | null;
  access?: ShareAccess;
}

export type ShareSort = 'name_asc' | 'created_at_asc' | 'name_desc' | 'created_at_desc';
