import type { User } from './common.ts';

export type ProjectStatus = 'active' | 'inactive';

export interface Project {
  id: string;
  name: string;
  workspace_id: string;
  root_folder_id: string;
  status: ProjectStatus;
  storage: number;
  restricted?: boolean;
  view_url: string;
  created_at: string;
  updated_at: string;
  image?: string | null;
  adobe_id?: string | null;
}

export interface ProjectWithIncludes extends Project {
  description: string | null;
  owner?: User;
}

/** `ProjectParams.data`: name 1..255. */
export interface ProjectCreateInput {
  name: string;
  restricted?: boolean;
}

/** `ProjectUpdateParams.data`. */
export interface ProjectUpdateInput {
  name?: string;
  restricted?: boolean;
  status?: ProjectStatus;
}
