import { CitizenEvent, NemIdImported, NemIdIssued } from './events';
import { CitizenState, NemIdHolder, isHolding, nextStatus, profileAfterInfoUpdate } from './state';

function withHolder(state: CitizenState, change: (holder: NemIdHolder) => NemIdHolder): CitizenState {
  if (!isHolding(state)) return state;
  return { ...state, holder: change(state.holder) };
}

/** Statuses other than retirement only change the tag; retirement adds data, so it is handled in evolve. */
function withStatus(state: CitizenState, eventType: string): CitizenState {
  if (state.status === 'no-nemid' || state.status === 'nemid-retired' || state.status === 'forgotten') return state;
  const status = nextStatus(state.status, eventType) as Exclude<CitizenState['status'], 'no-nemid' | 'nemid-retired' | 'forgotten'>;
  return { ...state, status };
}

/** A holder as a NemID starts: from the desk or from the register. */
function newHolder(data: NemIdIssued['data'] | NemIdImported['data']): NemIdHolder {
  return {
    protectedCpr: data.protectedCpr,
    deliveries: {},
    issuedOn: data.issuedOn,
    authenticator: data.authenticator,
    profile: data.profile,
    deliveryAddressRegistered: false,
    // The register knows the code app as a holder's authenticator: activating it again is not needed.
    codeAppActive: data.authenticator === 'code-app',
    updateInfoLettersSent: [],
    notices: [],
  };
}

export function evolve(state: CitizenState, event: CitizenEvent): CitizenState {
  switch (event.type) {
    case 'NemIdIssued':
      return { status: 'nemid-active', holder: newHolder(event.data) };
    case 'NemIdImported':
      return { status: 'nemid-active', holder: newHolder(event.data) };
    case 'DeliveryAddressRegistered':
      return withHolder(state, (h) => ({ ...h, deliveryAddressRegistered: true, protectedDeliveryAddress: event.data.protectedAddress }));
    case 'DigitalPostDelivered': {
      const { campaignId, form, deliveredAt } = event.data;
      return withHolder(state, (h) => ({ ...h, deliveries: { ...h.deliveries, [campaignId]: { status: 'delivered', form, deliveredAt } } }));
    }
    case 'DigitalPostDeliveryFailed':
      // Only giving up settles a letter; a delivery recorded before stays delivered.
      if (!event.data.final) return state;
      return withHolder(state, (h) =>
        h.deliveries[event.data.campaignId] ? h : { ...h, deliveries: { ...h.deliveries, [event.data.campaignId]: { status: 'failed' } } },
      );
    case 'CodeAppActivated':
      return withHolder(state, (h) => ({ ...h, codeAppActive: true }));
    case 'CodeCardOrdered':
    case 'TemporaryPasswordOrdered':
    case 'TimelineViewed':
      return state;
    case 'UpdateInfoLetterSent': {
      const next = withHolder(state, (h) => ({
        ...h,
        updateInfoLettersSent: [...h.updateInfoLettersSent, { campaignId: event.data.campaignId, sentOn: event.data.sentOn }],
      }));
      return withStatus(next, event.type);
    }
    case 'PersonalInfoUpdated': {
      const next = withHolder(state, (h) => ({
        ...h,
        infoUpdatedOn: event.data.updatedOn,
        profile: profileAfterInfoUpdate(h.profile, event.data),
      }));
      return withStatus(next, event.type);
    }
    case 'MitIdCreated': {
      const next = withHolder(state, (h) => ({ ...h, mitId: { createdOn: event.data.createdOn, route: event.data.route } }));
      return withStatus(next, event.type);
    }
    case 'NoticeSent': {
      const { campaignId, notice, sentOn } = event.data;
      return withHolder(state, (h) => ({ ...h, notices: [...h.notices, { campaignId, notice, sentOn }] }));
    }
    case 'NemIdRetired':
      if (!isHolding(state)) return state;
      return { status: 'nemid-retired', holder: state.holder, retired: { on: event.data.retiredOn, reason: event.data.reason } };
    case 'CitizenForgotten':
      // Nothing of the holder is kept: their facts and the encrypted values go with the keys.
      if (state.status !== 'nemid-retired') return state;
      return { status: 'forgotten', forgotten: { on: event.data.forgottenOn, basis: event.data.basis }, retired: state.retired };
    default: {
      // Compile-time exhaustiveness; at run time an event type from a newer version is ignored.
      const exhaustive: never = event;
      void exhaustive;
      return state;
    }
  }
}
