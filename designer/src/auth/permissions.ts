import type { Role } from '../api/types';

/** What a signed-in user may do; screens hide or disable controls from this, the server enforces it. */
export interface Permissions {
  editDrafts: boolean;
  testRun: boolean;
  publish: boolean;
  operateInstances: boolean;
  completeTasks: boolean;
  viewInstances: boolean;
  viewReleases: boolean;
  rollBack: boolean;
}

export function permissionsFor(roles: Role[]): Permissions {
  const has = (role: Role) => roles.includes(role);
  const admin = has('admin');
  const analyst = admin || has('analyst');
  const ops = admin || has('ops');
  return {
    editDrafts: analyst,
    testRun: analyst,
    publish: ops,
    operateInstances: ops,
    completeTasks: analyst || ops,
    viewInstances: analyst || ops || has('integrator'),
    viewReleases: analyst || ops,
    rollBack: ops,
  };
}

export const noPermissions: Permissions = permissionsFor([]);
