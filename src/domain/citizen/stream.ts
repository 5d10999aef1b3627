/** Each citizen's events live in `citizen-<citizenId>`; the id is a keyed hash, never the CPR number. */
export const CITIZEN_STREAM_PREFIX = 'citizen-';

export const citizenStream = (citizenId: string) => `${CITIZEN_STREAM_PREFIX}${citizenId}`;
export const citizenIdOf = (streamId: string) => streamId.slice(CITIZEN_STREAM_PREFIX.length);
