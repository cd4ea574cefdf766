import type { User } from './common.ts';

// Custom fields (frameio-api-notes.md, "Status field"). Review status lives here as a select field,
// not on File.status.

export type MetadataFieldType =
  | 'text'
  | 'long_text'
  | 'select'
  | 'select_multi'
  | 'rating'
  | 'number'
  | 'toggle'
  | 'date'
  | 'users'
  | 'user_single'
  | 'user_multi';

export interface SelectOption {
  id: string;
  display_name: string;
}

export interface UserValue {
  id: string;
  type: 'user' | 'account_user_group';
}

interface FieldValueCommon {
  field_definition_id: string;
  field_definition_name: string;
  /** "System field values cannot be updated". */
  mutable: boolean;
}

/** `MetadataField`, discriminated by `field_type` (openapi-subset mapping). */
export type MetadataField =
  | (FieldValueCommon & { field_type: 'text' | 'long_text'; value: string | null })
  | (FieldValueCommon & { field_type: 'rating'; value: number | null })
  | (FieldValueCommon & { field_type: 'number'; value: number | null })
  | (FieldValueCommon & { field_type: 'toggle'; value: boolean | null })
  | (FieldValueCommon & { field_type: 'date'; value: string | null })
  | (FieldValueCommon & {
      field_type: 'select' | 'select_multi';
      value: SelectOption[];
      field_options?: SelectOption[];
    })
  | (FieldValueCommon & {
      field_type: 'user_single' | 'user_multi' | 'users';
      value: UserValue[];
      member_options_type?: 'custom' | 'all_project_members';
      custom_members?: UserValue[];
    });

/** `GET …/files/{file_id}/metadata` → `MetadataWithDefinition`. */
export interface FileMetadata {
  file_id: string;
  metadata: MetadataField[];
}

export interface SelectFieldOption {
  id?: string;
  display_name: string;
  color?: string | null;
}

interface FieldDefinitionCommon {
  id: string;
  name: string;
  creator_id: string;
  created_at: string;
  updated_at: string;
  mutable: boolean;
  creator?: User;
}

/** `FieldDefinitionWithIncludes`, discriminated by `field_type`. */
export type FieldDefinition =
  | (FieldDefinitionCommon & {
      field_type: 'select' | 'select_multi';
      field_configuration: { enable_add_new?: boolean; options: SelectFieldOption[] };
    })
  | (FieldDefinitionCommon & {
      field_type: 'rating';
      field_configuration: {
        max_value: number;
        style?: 'star' | 'heart' | 'thumbs_up' | null;
        color?: string | null;
      };
    })
  | (FieldDefinitionCommon & {
      field_type: 'user_single' | 'user_multi';
      field_configuration: {
        notify_members: boolean;
        member_options_type: 'all_project_members' | 'custom';
        custom_members: UserValue[];
      };
    })
  | (FieldDefinitionCommon & {
      field_type: 'text' | 'long_text' | 'number' | 'toggle' | 'date';
      field_configuration: Record<string, unknown>;
    });

/**
 * `BulkUpdateMetadataParams.data`. Select values are lists of option ids (`[uuid]`), user values
 * lists of `{id, type}` (frameio-api-notes.md, "Status field").
 */
export interface MetadataBulkUpdateInput {
  file_ids: string[];
  values: Array<{ field_definition_id: string; value: unknown }>;
}
