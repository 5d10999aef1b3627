import { Text } from '../domain/text';
import { CarriesProblem, Problem, TITLES, problemType } from '../http/problem';

/**
 * What an adapter's own failures mean to a caller, whichever store it is: the adapter turns its client's errors
 * into these, so a deleted stream, an append over the store's size limit, a store that is not answering and one
 * that refuses the service's credentials each get their own answer instead of a 500. None names the stream:
 * stream ids carry no personal data, but a caller has no use for them either.
 */
abstract class EventStoreProblem extends Error implements CarriesProblem {
  constructor(readonly detail: Text) {
    super(detail.en);
  }
  abstract problem(): Problem;
}

/** How long a caller is asked to wait when the store is not answering: about a leader election or a restart. */
export const STORE_RETRY_AFTER_SECONDS = 10;

/** The store did not answer, or was not ready, through every retry. Nothing was recorded by this request's failed call. */
export class EventStoreUnavailable extends EventStoreProblem {
  constructor(readonly reason: string) {
    super({
      da: 'hændelseslageret svarer ikke lige nu; prøv igen om lidt',
      en: 'the event store is not answering right now; try again shortly',
    });
  }
  problem(): Problem {
    return { type: problemType('event-store-unavailable'), title: TITLES[503], status: 503, detail: this.detail };
  }
  headers(): Record<string, string> {
    return { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) };
  }
}

/** The store refused the service's credentials: a setting for the operator (docs/eventstoredb.md: Permissions), said in /health too. */
export class EventStoreAccessDenied extends EventStoreProblem {
  constructor() {
    super({
      da: 'hændelseslageret afviste tjenestens adgang; driften er underrettet via /health',
      en: "the event store refused the service's credentials; operations see it in /health",
    });
  }
  problem(): Problem {
    return { type: problemType('event-store-access-denied'), title: TITLES[503], status: 503, detail: this.detail };
  }
}

/** The stream was deleted in the store (by an operator): nothing more can be recorded on it. */
export class StreamDeleted extends EventStoreProblem {
  constructor() {
    super({
      da: 'posten er slettet i hændelseslageret; intet kan registreres på den',
      en: 'the record was deleted in the event store; nothing can be recorded on it',
    });
  }
  problem(): Problem {
    return { type: problemType('stream-deleted'), title: { da: 'Slettet', en: 'Gone' }, status: 410, detail: this.detail };
  }
}

/** One append was larger than the store takes at once. */
export class AppendTooLarge extends EventStoreProblem {
  constructor(readonly maxBytes?: number) {
    const limit = maxBytes === undefined ? '' : ` (${maxBytes} bytes)`;
    super({
      da: `ændringen er større end hændelseslageret modtager på én gang${limit}; intet blev registreret`,
      en: `the change is larger than the event store takes at once${limit}; nothing was recorded`,
    });
  }
  problem(): Problem {
    return { type: problemType('append-too-large'), title: TITLES[413], status: 413, detail: this.detail };
  }
}
