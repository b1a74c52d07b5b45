// Chat roles, from least to most trusted. A command names the least role it needs.
export const ROLES = ['viewer', 'supervisor', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const atLeast = (role: Role, needed: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(needed);

export interface RoleMapping {
  supervisor: string[];
  analyst: string[];
  admin: string[];
}

/** The highest role any of the ids (a user id, the user's groups or roles) is granted, else the default. */
export function roleFor(ids: readonly string[], mapping: RoleMapping, fallback: Role): Role {
  for (const role of ['admin', 'analyst', 'supervisor'] as const) {
    if (ids.some((id) => mapping[role].includes(id))) return atLeast(fallback, role) ? fallback : role;
  }
  return fallback;
}
