import { IsoDate } from '../dates';

type Command<Type extends string, Data> = { type: Type; data: Data; metadata: { now: Date } };

export type StartRetentionRun = Command<'StartRetentionRun', { runId: string; asOf: IsoDate; retentionYears: number; planned: number }>;
export type RecordRetentionBatch = Command<'RecordRetentionBatch', { runId: string; forgotten: number; through: string }>;
export type FinishRetentionRun = Command<'FinishRetentionRun', { runId: string }>;

export type RetentionCommand = StartRetentionRun | RecordRetentionBatch | FinishRetentionRun;
