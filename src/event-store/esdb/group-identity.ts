import { createHash } from 'node:crypto';
import type { PersistentSubscriptionToAllSettings } from '@eventstore/db-client';
import { EventFilter } from '../event-store';

/**
 * A persistent subscription group's name carries what it was made with. EventStoreDB cannot change a group's
 * filter (the client's update sends none, and the server keeps the old one), and an update drops every consumer
 * on every instance: with settings in the name, a build that filters or retries differently gets a group of its
 * own, nothing is ever updated, and two builds side by side in a rolling deploy each keep their group. The old
 * group is deleted once nobody reads it and the new one has passed where it stopped (`supersededBy`).
 */
export interface GroupIdentity {
  /** What the code calls the group (`digital-post-delivery`). */
  base: string;
  /** The name on the server: the base and a digest of the filter and the settings that shape delivery. */
  name: string;
}

/** The settings that change what a consumer is given, in a fixed order (the rest are the server's defaults). */
const SHAPING = ['consumerStrategyName', 'maxRetryCount', 'messageTimeout', 'resolveLinkTos', 'extraStatistics'] as const;

export function groupIdentity(base: string, filter: EventFilter | undefined, settings: PersistentSubscriptionToAllSettings): GroupIdentity {
  const shape = {
    eventTypes: [...(filter?.eventTypes ?? [])].sort(),
    streamPrefixes: [...(filter?.streamPrefixes ?? [])].sort(),
    settings: SHAPING.map((name) => [name, settings[name]]),
  };
  const digest = createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 12);
  return { base, name: `${base}-v${digest}` };
}

/** Groups an earlier build made for the same work: the unversioned name of builds before this scheme, or another digest. */
export function isSupersededGroup(identity: GroupIdentity, groupName: string): boolean {
  if (groupName === identity.name) return false;
  return groupName === identity.base || (groupName.startsWith(identity.base) && /^-v[0-9a-f]{12}$/.test(groupName.slice(identity.base.length)));
}

export interface GroupProgress {
  connections: number;
  /** The group's last checkpoint in the log (undefined before its first). */
  checkpoint?: bigint;
}

/**
 * Whether an old group can go: nobody reads it any more (every instance of its build has stopped), and the current
 * group has checkpointed at or past the old one's last checkpoint, so nothing the old group had not finished is
 * left to it alone.
 */
export function supersededBy(old: GroupProgress, current: GroupProgress): boolean {
  if (old.connections > 0) return false;
  if (old.checkpoint === undefined) return true;
  return current.checkpoint !== undefined && current.checkpoint >= old.checkpoint;
}
