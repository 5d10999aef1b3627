/** The agency's simulations over HTTP, for the API's checks and the page alike (no Node or Nest here: the page imports it). */
export const SIMULATION_LIMITS = { citizens: { min: 100, max: 100_000, default: 10_000 }, seed: { min: 0, max: 2_147_483_647, default: 42 } };

export const SIMULATION_STATUSES = ['running', 'done', 'failed', 'interrupted'] as const;
export type SimulationStatus = (typeof SIMULATION_STATUSES)[number];

/** A simulation as listed: what was asked, by whom, how it stands, and when done its report in each language. */
export interface SimulationJobView {
  id: string;
  status: SimulationStatus;
  citizens: number;
  seed: number;
  deadline?: string;
  schedules: string[];
  startedAt: string;
  finishedAt?: string;
  requestedBy: string;
  /** While running: the share of the simulated days done, over both schedules (0 to 1). */
  progress?: number;
  report?: { da: string; en: string };
}
