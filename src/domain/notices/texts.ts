import { CampaignKind } from '../campaign';

export interface LetterText {
  /** MeMo label: the subject line in the inbox (at most 256 characters). */
  label: string;
  /** MeMo notification: the push/e-mail text (at most 150 characters). */
  notification: string;
  title: string;
  paragraphs: string[];
}

export interface LetterTexts {
  da: LetterText;
  en: LetterText;
}

/** Sender as written in letters; the CVR number comes from configuration. */
export const SENDER_NAME = 'Digitaliseringsstyrelsen';

/** Wording from the source pages (seeds/: "Updating your personal information", FACTS.md "Why the update-info letters"). */
const UPDATE_INFO_LETTER: LetterTexts = {
  da: {
    label: 'Du skal opdatere dine oplysninger i NemID',
    notification: 'Du har fået post fra Digitaliseringsstyrelsen: opdater dine oplysninger i NemID, så du senere kan få MitID.',
    title: 'Opdater dine oplysninger i NemID, så du kan få MitID',
    paragraphs: [
      'MitID afløser NemID. For at bruge MitID som du bruger NemID, skal du være registreret med sikringsniveauet "betydelig", og det kræver, at dine oplysninger er kontrolleret med et gyldigt billed-id. Din registrering i NemID opfylder ikke det endnu.',
      'Sådan opdaterer du dine oplysninger: Har du NemID nøgleapp, et dansk pas med chip udstedt 1. januar 2012 eller senere og en mobiltelefon med NFC (ikke en tablet), kan du selv opdatere i appen. Ellers kan du bestille tid i Borgerservice og medbringe billed-id, fx pas eller kørekort.',
      'Dit NemID virker som hidtil, også mens du venter, og selv hvis du ikke opdaterer.',
      'Har du spørgsmål, kan du ringe til NemID-support på 33 98 00 12.',
    ],
  },
  en: {
    label: 'You need to update your personal information in NemID',
    notification: 'You have mail from the Agency for Digital Government: update your information in NemID so you can get MitID later.',
    title: 'Update your personal information in NemID so you can get MitID',
    paragraphs: [
      'MitID replaces NemID. To use MitID the way you use NemID, you must be registered at the assurance level "substantial", which requires that your information has been checked against a valid photo ID. Your NemID registration does not meet that yet.',
      'How to update: if you have the NemID code app, a Danish chip passport issued on or after 1 January 2012 and a phone with NFC (not a tablet), you can update in the app yourself. Otherwise, book an appointment with Citizen Service and bring a photo ID, such as a passport or driving licence.',
      'Your NemID keeps working as usual meanwhile, and even if you do not update.',
      'If you have questions, call NemID support on 33 98 00 12.',
    ],
  },
};

export function letterTextsFor(kind: CampaignKind): LetterTexts {
  switch (kind) {
    case 'update-info-letter':
      return UPDATE_INFO_LETTER;
    default: {
      const exhaustive: never = kind;
      throw new Error(`no letter text for ${String(exhaustive)}`);
    }
  }
}
