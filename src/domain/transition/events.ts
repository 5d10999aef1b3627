import { storedEventsOf } from '../stored-events';
import { IsoDate } from '../dates';

/** The dates the notices and retirements hang on; every one changeable (docs/facts.md: "make all dates configuration"). */
export interface TransitionSchedule {
  /** Last day to move from NemID to MitID; reminders count back from it, retirement follows it. */
  deadline: IsoDate;
  /** Deadline reminders, in days before the deadline (e.g. 60, 30, 7). */
  reminderDaysBefore: number[];
  /** The final warning, in days before the deadline. */
  finalWarningDaysBefore: number;
  /** Last day a new code card or temporary password is sent (docs/facts.md: none after 2023-05-30). */
  codeCardsEnd: IsoDate;
  /** Last day NemID can be used to get MitID on MitID.dk (docs/facts.md: no longer from 2023-06-05). */
  mitIdDkWithNemIdEnd: IsoDate;
  /** Last day NemID works in public self-service; the day after, MitID has fully replaced NemID. */
  publicSelfServiceEnd: IsoDate;
  /** Last day NemID works at all; the day after, every NemID still open is shut down. */
  nemIdShutdown: IsoDate;
}

/**
 * docs/facts.md "Timeline": the original deadline 2022-06-30 (moved on 2022-05-02 to 2022-10-31 with a
 * DeadlineMoved, as it happened), no new code cards or temporary passwords after 2023-05-30, limited operation
 * after 2023-06-30, shut down at the end of 2023-10-31.
 */
export const DEFAULT_TRANSITION_SCHEDULE: TransitionSchedule = {
  deadline: '2022-06-30',
  reminderDaysBefore: [60, 30, 7],
  finalWarningDaysBefore: 1,
  codeCardsEnd: '2023-05-30',
  mitIdDkWithNemIdEnd: '2023-06-04',
  publicSelfServiceEnd: '2023-06-30',
  nemIdShutdown: '2023-10-31',
};

type Event<Type extends string, Data> = { type: Type; data: Data };

export type TransitionScheduleSet = Event<'TransitionScheduleSet', { schedule: TransitionSchedule; setOn: IsoDate }>;
export type DeadlineMoved = Event<'DeadlineMoved', { from: IsoDate; to: IsoDate; reason: string; movedOn: IsoDate }>;

export type TransitionEvent = TransitionScheduleSet | DeadlineMoved;

/** The dates a stored schedule may lack: added to the schedule later, so a schedule stored before takes the default. */
const ADDED_LATER = ['codeCardsEnd', 'mitIdDkWithNemIdEnd'] as const;

/** The schedule's stream as stored. Schedules stored before a date existed take the default for it. */
export const TRANSITION_EVENTS = storedEventsOf<TransitionEvent>(
  { TransitionScheduleSet: true, DeadlineMoved: true },
  {
    TransitionScheduleSet: (stored) => {
      const data = stored as { schedule: Omit<TransitionSchedule, (typeof ADDED_LATER)[number]> & Partial<TransitionSchedule>; setOn: IsoDate };
      const defaults = Object.fromEntries(ADDED_LATER.map((field) => [field, data.schedule[field] ?? DEFAULT_TRANSITION_SCHEDULE[field]]));
      return { ...data, schedule: { ...data.schedule, ...defaults } as TransitionSchedule };
    },
  },
);

export const TRANSITION_EVENT_TYPES = TRANSITION_EVENTS.types;
