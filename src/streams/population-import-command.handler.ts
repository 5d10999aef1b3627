import { Clock } from '../domain/clock';
import {
  POPULATION_IMPORT_STREAM_PREFIX,
  PopulationImportCommand,
  PopulationImportEvent,
  PopulationImportState,
  populationImportDecider,
  populationImportStream,
  toPopulationImportEvent,
} from '../domain/population';
import { EventStore } from '../event-store/event-store';
import { deterministicEventId } from './citizen-stream';
import { CommandContext, CommandInput, EventSourcedCommandHandler, HandledCommand, StreamState } from './command-handler';

/** Each event of an import happens once: its id names the import and the occasion, so a re-run appends nothing new. */
function occasionOf(event: PopulationImportEvent): string {
  switch (event.type) {
    case 'PopulationImportStarted':
      return 'started';
    case 'PopulationImportProgressed':
      return `batch/${event.data.through.line}`;
    case 'PopulationImportCompleted':
      return 'completed';
    default: {
      const exhaustive: never = event;
      throw new Error(`unknown event ${(exhaustive as { type: string }).type}`);
    }
  }
}

/** Import commands against `population-import-<importId>`: started, one step per batch, completed. */
export class PopulationImportCommandHandler {
  private readonly handler: EventSourcedCommandHandler<PopulationImportCommand, PopulationImportEvent, PopulationImportState>;

  constructor(store: EventStore, clock: Clock) {
    this.handler = new EventSourcedCommandHandler(store, clock, populationImportDecider, {
      asDomainEvent: toPopulationImportEvent,
      eventId: (event, streamId) => deterministicEventId(`population-import/${streamId.slice(POPULATION_IMPORT_STREAM_PREFIX.length)}/${occasionOf(event)}`),
    });
  }

  load(importId: string): Promise<StreamState<PopulationImportState>> {
    return this.handler.load(populationImportStream(importId));
  }

  /** Every event of one import is caused by the import itself (the file), whichever run records it. */
  handle(
    importId: string,
    input: CommandInput<PopulationImportCommand>,
    context: CommandContext,
  ): Promise<HandledCommand<PopulationImportEvent, PopulationImportState>> {
    return this.handler.handle(populationImportStream(importId), input, { ...context, causationId: importCausationId(importId) });
  }
}

export const importCausationId = (importId: string) => deterministicEventId(`population-import/${importId}`);
