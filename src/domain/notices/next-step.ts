import { Holding } from '../citizen';
import { IsoDate } from '../dates';
import { longDate } from './texts';

export interface NextStep {
  da: string;
  en: string;
}

/**
 * What a citizen should do now, from their NemID and the deadline in force (docs/sources: "keep NemID
 * until told it is no longer needed"; "people without a Danish passport must keep using NemID").
 */
export function nextStepFor(state: Holding, deadline: IsoDate, today: IsoDate): NextStep {
  if (state.status === 'nemid-retired') return { da: 'Dit NemID er lukket. Brug MitID.', en: 'Your NemID is closed. Use MitID.' };
  const { holder } = state;
  if (holder.mitId) {
    return {
      da: 'Du har MitID. Behold dit NemID, indtil du får besked om, at du ikke længere har brug for det.',
      en: 'You have MitID. Keep your NemID until you are told that you no longer need it.',
    };
  }
  if (holder.profile.needsInfoUpdate) {
    return {
      da: 'Opdater dine oplysninger i NemID nøgleappen eller i Borgerservice, så du kan få MitID.',
      en: 'Update your personal information in the NemID code app or at Citizen Service, so you can get MitID.',
    };
  }
  if (!holder.profile.danishPassport) {
    return {
      da: 'Du skal fortsat bruge dit NemID indtil videre. Du får besked, når du skal skifte.',
      en: 'Keep using your NemID for the time being. You will be told when to move.',
    };
  }
  if (today <= deadline) {
    return { da: `Skift til MitID senest ${longDate(deadline, 'da')}.`, en: `Move to MitID by ${longDate(deadline, 'en')}.` };
  }
  return {
    da: `Fristen ${longDate(deadline, 'da')} er passeret: få MitID i din bank, på MitID.dk eller i Borgerservice.`,
    en: `The deadline of ${longDate(deadline, 'en')} has passed: get MitID in your bank, on MitID.dk or at Citizen Service.`,
  };
}
