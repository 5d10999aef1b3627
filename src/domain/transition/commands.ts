import { IsoDate } from '../dates';
import { TransitionSchedule } from './events';

/** `now` is business time from the injected clock, set by the command handler. */
type Command<Type extends string, Data> = { type: Type; data: Data; metadata: { now: Date } };

export type SetTransitionSchedule = Command<'SetTransitionSchedule', { schedule: TransitionSchedule }>;
export type MoveDeadline = Command<'MoveDeadline', { to: IsoDate; reason: string }>;

export type TransitionCommand = SetTransitionSchedule | MoveDeadline;
