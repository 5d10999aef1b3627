import { CAMPAIGN_KIND_NAMES } from '../campaign/names';
import type { Text } from '../text';
import { CitizenEvent } from './events';
import {
  ACTOR_ROLE_NAMES,
  AUTHENTICATOR_NAMES,
  DELIVERY_NAMES,
  ERASURE_BASIS_NAMES,
  IDENTIFICATION_NAMES,
  IDENTITY_CONFIRMATION_NAMES,
  INFO_UPDATE_CHANNEL_NAMES,
  MITID_ROUTE_NAMES,
  RETIREMENT_REASON_NAMES,
  VIEWED_RECORD_NAMES,
} from './labels';

/** Both languages from one template over the names of both (each `name` is a Text, or a plain value such as a date). */
function say(template: (words: Record<string, string>, language: 'da' | 'en') => string, names: Record<string, Text | string> = {}): Text {
  const words = (language: 'da' | 'en') =>
    Object.fromEntries(Object.entries(names).map(([key, value]) => [key, typeof value === 'string' ? value : value[language]]));
  return { da: template(words('da'), 'da'), en: template(words('en'), 'en') };
}

const both = (da: string, en: string): Text => ({ da, en });

/** One line a support agent or a citizen can read, in both languages; never personal data, never an id (see `detailsOf`). */
export function summarize(event: CitizenEvent): Text {
  switch (event.type) {
    case 'NemIdIssued': {
      const { identification, identityConfirmedBy, authenticator } = event.data;
      return say(
        (w, l) =>
          l === 'da'
            ? `NemID udstedt (${w.identification}, identitet bekræftet med ${w.confirmation}); ${w.authenticator}`
            : `NemID issued (${w.identification}, identity confirmed by ${w.confirmation}); authenticator: ${w.authenticator}`,
        {
          identification: IDENTIFICATION_NAMES[identification],
          confirmation: IDENTITY_CONFIRMATION_NAMES[identityConfirmedBy],
          authenticator: AUTHENTICATOR_NAMES[authenticator],
        },
      );
    }
    case 'NemIdImported':
      return say(
        (w, l) =>
          l === 'da'
            ? `NemID (udstedt ${w.issuedOn}) indlæst fra NemID-registret; ${w.authenticator}`
            : `NemID (issued ${w.issuedOn}) imported from the NemID register; authenticator: ${w.authenticator}`,
        { issuedOn: event.data.issuedOn, authenticator: AUTHENTICATOR_NAMES[event.data.authenticator] },
      );
    case 'DeliveryAddressRegistered':
      return both('Leveringsadresse registreret', 'Delivery address registered');
    case 'CodeCardOrdered':
      return say((w, l) => (l === 'da' ? `${w.card} bestilt, sendes til ${w.to}` : `${w.card} ordered, sent to ${w.to}`), {
        card: event.data.largeFont ? both('Nøglekort med stor skrift', 'Large-font code card') : both('Nøglekort', 'Code card'),
        to: DELIVERY_NAMES[event.data.deliverTo],
      });
    case 'CodeAppActivated':
      return say(
        (w, l) =>
          l === 'da' ? `Nøgleapp aktiveret (${w.n} koder var tilbage på nøglekortet)` : `Code app activated (${w.n} codes were left on the code card)`,
        { n: String(event.data.codesLeftOnCard) },
      );
    case 'TemporaryPasswordOrdered':
      return say(
        (w, l) => (l === 'da' ? `Midlertidig adgangskode bestilt; kommer med posten senest ${w.by}` : `Temporary password ordered; arrives by post by ${w.by}`),
        { by: event.data.latestDeliveryDate },
      );
    case 'UpdateInfoLetterSent':
      return both('Brev om at opdatere personoplysninger sendt', 'Letter asking to update personal information sent');
    case 'PersonalInfoUpdated':
      return say((w, l) => (l === 'da' ? `Personoplysninger opdateret ${w.channel}` : `Personal information updated ${w.channel}`), {
        channel: INFO_UPDATE_CHANNEL_NAMES[event.data.channel],
      });
    case 'MitIdCreated':
      return say((w, l) => (l === 'da' ? `MitID oprettet ${w.route}` : `MitID created ${w.route}`), { route: MITID_ROUTE_NAMES[event.data.route] });
    case 'NemIdRetired':
      return say((w, l) => (l === 'da' ? `NemID lukket: ${w.reason}` : `NemID retired: ${w.reason}`), { reason: RETIREMENT_REASON_NAMES[event.data.reason] });
    case 'NoticeSent':
      return say((w, l) => (l === 'da' ? `Meddelelse sendt: ${w.notice} (frist ${w.deadline})` : `Notice sent: ${w.notice} (deadline ${w.deadline})`), {
        notice: CAMPAIGN_KIND_NAMES[event.data.notice],
        deadline: event.data.deadline,
      });
    case 'DigitalPostDelivered': {
      const { form, largePrint } = event.data;
      const as = form === 'paper' ? both('et papirbrev', 'a paper letter') : both('Digital Post', 'Digital Post');
      const large = largePrint ? both(' med stor skrift', ' in large print') : both('', '');
      return say((w, l) => (l === 'da' ? `Brevet leveret som ${w.as}${w.large}` : `Letter delivered as ${w.as}${w.large}`), { as, large });
    }
    case 'DigitalPostDeliveryFailed': {
      const { attempt, final } = event.data;
      const then = final ? both('opgivet', 'gave up') : both('prøver igen', 'retrying');
      return say(
        (w, l) => (l === 'da' ? `Levering af brevet mislykkedes (forsøg ${w.attempt}); ${w.then}` : `Letter delivery attempt ${w.attempt} failed; ${w.then}`),
        { attempt: String(attempt), then },
      );
    }
    case 'TimelineViewed': {
      // The reason is shown once read back (`reason`); a sealed one not read back is left out, never shown sealed.
      const because = event.data.reason === undefined ? '' : `: ${event.data.reason}`;
      return say((w, l) => (l === 'da' ? `${w.record} åbnet af ${w.by}${because}` : `${w.record} opened by ${w.by}${because}`), {
        record: VIEWED_RECORD_NAMES[event.data.view],
        by: actorName(event.data.viewedBy),
      });
    }
    case 'CitizenForgotten':
      return say((w, l) => (l === 'da' ? `Personoplysninger slettet: ${w.basis}` : `Personal data erased: ${w.basis}`), {
        basis: ERASURE_BASIS_NAMES[event.data.basis],
      });
    default: {
      const exhaustive: never = event;
      const type = String((exhaustive as { type: string }).type);
      return both(type, type);
    }
  }
}

/** The ids behind a line, for whoever asks for them (support tracing a letter with Digital Post): never in the line itself. */
export function detailsOf(event: CitizenEvent): Record<string, string> {
  switch (event.type) {
    case 'NemIdImported':
      return { importId: event.data.source.importId, line: String(event.data.source.line) };
    case 'UpdateInfoLetterSent':
    case 'NoticeSent':
      return { campaignId: event.data.campaignId };
    case 'NemIdRetired':
      return event.data.campaignId ? { campaignId: event.data.campaignId } : {};
    case 'DigitalPostDelivered':
      return { campaignId: event.data.campaignId, messageUUID: event.data.messageUUID, channel: event.data.channel };
    case 'DigitalPostDeliveryFailed':
      return { campaignId: event.data.campaignId, messageUUID: event.data.messageUUID, channel: event.data.channel, reason: event.data.reason };
    default:
      return {};
  }
}

/**
 * Who did it, as a person reads it: the role's name and the person's name at the desk or in support; a campaign's
 * work is the agency's (its id is among the details); the system's workers by what they do.
 */
export function actorName(actor: { role: string; subject: string }): Text {
  const role = ACTOR_ROLE_NAMES[actor.role] ?? both(actor.role, actor.role);
  if (actor.subject.startsWith('campaign/')) return say((w, l) => (l === 'da' ? `${w.role} (brevkampagne)` : `${w.role} (letter campaign)`), { role });
  if (actor.role === 'system')
    return say((w, l) => (l === 'da' ? `${w.role} (${w.what})` : `${w.role} (${w.what})`), {
      role,
      what: SYSTEM_WORK[actor.subject] ?? both(actor.subject, actor.subject),
    });
  if (actor.role === 'citizen') return role;
  return say((w) => `${w.role} ${w.subject}`, { role, subject: actor.subject });
}

const SYSTEM_WORK: Record<string, Text> = {
  'digital-post-delivery': both('levering af Digital Post', 'Digital Post delivery'),
  'transition-scheduler': both('den daglige kørsel', 'the daily run'),
  'population-import-worker': both('indlæsning af registret', 'register import'),
};
