import { CPR_SHAPE_REFUSED, containsCprShape } from '../../cpr';
import { InvalidCommand, NotFound } from '../../errors';
import type { RecordTimelineView } from '../commands';
import type { CitizenEvent } from '../events';
import { ACCESS_REASON_MIN_LENGTH, ACCESS_REASON_TOO_SHORT, NO_NEMID_HOLDER } from '../labels';
import type { CitizenState } from '../state';

/**
 * Staff say why they open a record (the citizen reads it in their access log), and the reason is
 * kept for as long as the stream: a CPR number written into it would leak into the log it protects. It is stored
 * sealed with the citizen's key (the caller seals the reason it gives, trimmed), so it is erased with them. A forgotten
 * record can still be opened (what is left shows that, and when, it was erased), and that opening is kept too.
 */
export function recordTimelineView(command: RecordTimelineView, state: CitizenState): CitizenEvent[] {
  if (state.status === 'no-nemid') throw new NotFound(NO_NEMID_HOLDER);
  const reason = command.data.reason.trim();
  if (reason.length < ACCESS_REASON_MIN_LENGTH) {
    throw new InvalidCommand('reason', ACCESS_REASON_TOO_SHORT);
  }
  if (containsCprShape(reason)) throw new InvalidCommand('reason', CPR_SHAPE_REFUSED);
  const { view, viewer, protectedReason } = command.data;
  return [{ type: 'TimelineViewed', data: { view, protectedReason, viewedBy: viewer, viewedAt: command.metadata.now.toISOString() } }];
}
