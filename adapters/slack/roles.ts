// Slack roles: the configured user ids, and members of the configured user groups (asked of Slack and
// kept for five minutes, so a role change takes effect soon without a call per command).
import type { webApi } from '@slack/bolt';
import { type Role, type RoleMapping, roleFor } from '../../src/bot/roles.ts';
import type { Logger } from '../../src/log.ts';

const TTL_MS = 5 * 60_000;

export class SlackRoles {
  private groups: { at: number; members: Map<string, string[]> } | undefined;

  constructor(
    private readonly mapping: RoleMapping,
    private readonly fallback: Role,
    private readonly log: Logger,
  ) {}

  async roleOf(client: webApi.WebClient, userId: string): Promise<Role> {
    return roleFor([userId, ...(await this.groupsOf(client, userId))], this.mapping, this.fallback);
  }

  private async groupsOf(client: webApi.WebClient, userId: string): Promise<string[]> {
    const ids = [
      ...new Set([...this.mapping.supervisor, ...this.mapping.analyst, ...this.mapping.admin]),
    ].filter((id) => id.startsWith('S'));
    if (ids.length === 0) return [];
    if (!this.groups || Date.now() - this.groups.at > TTL_MS) {
      const members = new Map<string, string[]>();
      for (const id of ids) {
        try {
          const result = await client.usergroups.users.list({ usergroup: id });
          members.set(id, result.users ?? []);
        } catch (error) {
          // A group we cannot read grants nobody anything.
          this.log.warn({ usergroup: id, reason: String(error) }, 'could not read a Slack user group');
          members.set(id, []);
        }
      }
      this.groups = { at: Date.now(), members };
    }
    return ids.filter((id) => this.groups!.members.get(id)?.includes(userId));
  }
}
