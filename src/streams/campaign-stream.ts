import { createHash } from 'node:crypto';
import { containsCprShape } from '../domain/cpr';
import { CampaignKind, CohortFilter, canonical, cohortOf } from '../domain/campaign';

/** Without an explicit id, the same kind and cohort are the same campaign. */
export function defaultCampaignId(kind: CampaignKind, cohort: CohortFilter): string {
  const digest = createHash('sha256')
    .update(`${kind}/${canonical(cohortOf({ kind, cohort }))}`)
    .digest('hex');
  const id = `${kind}-${digest.slice(0, 12)}`;
  // Ten hex digits in a row would be refused as CPR-shaped: split them, keeping every other id as it always was.
  return containsCprShape(id) ? `${kind}-${digest.slice(0, 6)}x${digest.slice(6, 12)}` : id;
}
