import { CitizenEvent } from './events';
import { CitizenState, NemIdHolder } from './state';

function withHolder(state: CitizenState, change: (holder: NemIdHolder) => NemIdHolder): CitizenState {
  if (state.status === 'no-nemid') return state;
  return { ...state, holder: change(state.holder) };
}

export function evolve(state: CitizenState, event: CitizenEvent): CitizenState {
  switch (event.type) {
    case 'NemIdIssued':
      return {
        status: 'nemid-active',
        holder: {
          issuedOn: event.data.issuedOn,
          authenticator: event.data.authenticator,
          profile: event.data.profile,
          deliveryAddressRegistered: false,
          codeAppActive: false,
          updateInfoLettersSent: [],
        },
      };
    case 'DeliveryAddressRegistered':
      return withHolder(state, (h) => ({ ...h, deliveryAddressRegistered: true }));
    case 'CodeAppActivated':
      return withHolder(state, (h) => ({ ...h, codeAppActive: true }));
    case 'CodeCardOrdered':
    case 'TemporaryPasswordOrdered':
      return state;
    case 'UpdateInfoLetterSent': {
      const next = withHolder(state, (h) => ({
        ...h,
        updateInfoLettersSent: [...h.updateInfoLettersSent, { campaignId: event.data.campaignId, sentOn: event.data.sentOn }],
      }));
      return next.status === 'nemid-active' ? { ...next, status: 'letter-sent' } : next;
    }
    case 'PersonalInfoUpdated': {
      const next = withHolder(state, (h) => ({
        ...h,
        infoUpdatedOn: event.data.updatedOn,
        profile: { ...h.profile, needsInfoUpdate: false, danishPassport: h.profile.danishPassport || event.data.danishPassport },
      }));
      return next.status === 'nemid-active' || next.status === 'letter-sent' ? { ...next, status: 'info-updated' } : next;
    }
    case 'MitIdCreated': {
      const next = withHolder(state, (h) => ({ ...h, mitId: { createdOn: event.data.createdOn, route: event.data.route } }));
      return next.status === 'no-nemid' || next.status === 'nemid-retired' ? next : { ...next, status: 'mitid-created' };
    }
    case 'NemIdRetired':
      if (state.status === 'no-nemid') return state;
      return { status: 'nemid-retired', holder: state.holder, retired: { on: event.data.retiredOn, reason: event.data.reason } };
    default: {
      // Compile-time exhaustiveness; at run time an event type from a newer version is ignored.
      const exhaustive: never = event;
      void exhaustive;
      return state;
    }
  }
}
