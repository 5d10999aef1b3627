import { CPR_SHAPE_REFUSED, containsCprShape } from '../../cpr';
import { InvalidCommand } from '../../errors';
import type { RecordTimelineView } from '../commands';
import type { CitizenEvent } from '../events';
import { ACCESS_REASON_MIN_LENGTH, ACCESS_REASON_TOO_SHORT } from '../labels';
import type { CitizenState } from '../state';
import { requireHolder } from './holding';

/**
 * Staff say why they open a record (the citizen reads it in their access log), and the reason is
 * kept for as long as the stream: a CPR number written into it would leak into the log it protects.
 */
export function recordTimelineView(command: RecordTimelineView, state: CitizenState): CitizenEvent[] {
  requireHolder(state);
  const reason = command.data.reason.trim();
  if (reason.length < ACCESS_REASON_MIN_LENGTH) {
    throw new InvalidCommand('reason', ACCESS_REASON_TOO_SHORT);
  }
  if (containsCprShape(reason)) throw new InvalidCommand('reason', CPR_SHAPE_REFUSED);
  const { view, viewer } = command.data;
  return [{ type: 'TimelineViewed', data: { view, reason, viewedBy: viewer, viewedAt: command.metadata.now.toISOString() } }];
}
