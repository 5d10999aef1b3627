import { CampaignKind, NoticeKind } from '../campaign';
import { IsoDate } from '../dates';

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

/** Wording from the source pages (docs/sources: "Updating your personal information", docs/facts.md "Why the update-info letters"). */
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

const DANISH_MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
const ENGLISH_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "31. oktober 2022" / "31 October 2022", as dates are written in letters. */
export function longDate(date: IsoDate, language: 'da' | 'en'): string {
  const [year, month, day] = date.split('-').map(Number);
  return language === 'da' ? `${day}. ${DANISH_MONTHS[month - 1]} ${year}` : `${day} ${ENGLISH_MONTHS[month - 1]} ${year}`;
}

const KEEP_NEMID_UNTIL_TOLD = {
  da: 'Behold dit NemID, indtil du får besked om, at du ikke længere har brug for det.',
  en: 'Keep your NemID until you are told that you no longer need it.',
};
const HOW_TO_GET_MITID = {
  da: 'Du kan få MitID i din bank, når det er din tur, på MitID.dk, hvis du ikke har en dansk bank, eller i Borgerservice.',
  en: 'You can get MitID in your bank when it is your turn, on MitID.dk if you do not have a Danish bank, or at Citizen Service.',
};

/**
 * The notices around the transition deadline (docs/sources: "MitID replaces NemID", "keep NemID until
 * told it is no longer needed", "People without a Danish passport must keep using NemID for the
 * time being"). `deadline` is the deadline in force when the notice was decided.
 */
function noticeTexts(kind: NoticeKind, deadline: IsoDate): LetterTexts {
  const da = longDate(deadline, 'da');
  const en = longDate(deadline, 'en');
  switch (kind) {
    case 'deadline-reminder':
      return {
        da: {
          label: `Husk at skifte fra NemID til MitID senest ${da}`,
          notification: `Du har fået post fra Digitaliseringsstyrelsen: skift til MitID senest ${da}.`,
          title: `Skift til MitID senest ${da}`,
          paragraphs: [`MitID afløser NemID. Fristen for at skifte er ${da}, og du har endnu ikke fået MitID.`, HOW_TO_GET_MITID.da, KEEP_NEMID_UNTIL_TOLD.da],
        },
        en: {
          label: `Remember to move from NemID to MitID by ${en}`,
          notification: `You have mail from the Agency for Digital Government: move to MitID by ${en}.`,
          title: `Move to MitID by ${en}`,
          paragraphs: [`MitID replaces NemID. The deadline for moving is ${en}, and you do not have MitID yet.`, HOW_TO_GET_MITID.en, KEEP_NEMID_UNTIL_TOLD.en],
        },
      };
    case 'final-warning':
      return {
        da: {
          label: `Sidste påmindelse: skift til MitID senest ${da}`,
          notification: `Sidste påmindelse fra Digitaliseringsstyrelsen: skift til MitID senest ${da}.`,
          title: `Sidste påmindelse: skift til MitID senest ${da}`,
          paragraphs: [`Fristen for at skifte fra NemID til MitID er ${da}. Efter fristen kan du ikke regne med, at NemID virker.`, HOW_TO_GET_MITID.da],
        },
        en: {
          label: `Final reminder: move to MitID by ${en}`,
          notification: `Final reminder from the Agency for Digital Government: move to MitID by ${en}.`,
          title: `Final reminder: move to MitID by ${en}`,
          paragraphs: [`The deadline for moving from NemID to MitID is ${en}. After the deadline you cannot count on NemID working.`, HOW_TO_GET_MITID.en],
        },
      };
    case 'keep-nemid':
      return {
        da: {
          label: 'Du skal fortsat bruge NemID',
          notification: 'Du har fået post fra Digitaliseringsstyrelsen: du skal fortsat bruge dit NemID indtil videre.',
          title: 'Du skal fortsat bruge dit NemID indtil videre',
          paragraphs: [
            `Fristen ${da} for at skifte til MitID gælder ikke for dig, fordi du ikke har et dansk pas. Du skal fortsat bruge dit NemID indtil videre.`,
            KEEP_NEMID_UNTIL_TOLD.da,
          ],
        },
        en: {
          label: 'You must keep using NemID',
          notification: 'You have mail from the Agency for Digital Government: keep using your NemID for the time being.',
          title: 'Keep using your NemID for the time being',
          paragraphs: [
            `The deadline of ${en} for moving to MitID does not apply to you, because you do not have a Danish passport. Keep using your NemID for the time being.`,
            KEEP_NEMID_UNTIL_TOLD.en,
          ],
        },
      };
    case 'nemid-retired':
      return {
        da: {
          label: 'Dit NemID er lukket: brug MitID',
          notification: 'Du har fået post fra Digitaliseringsstyrelsen: dit NemID er lukket, og du skal bruge MitID.',
          title: 'Dit NemID er lukket, brug MitID',
          paragraphs: [`Fristen for at skifte til MitID var ${da}. Du har MitID, så dit NemID er nu lukket. Brug MitID, hvor du før brugte NemID.`],
        },
        en: {
          label: 'Your NemID is closed: use MitID',
          notification: 'You have mail from the Agency for Digital Government: your NemID is closed, use MitID.',
          title: 'Your NemID is closed, use MitID',
          paragraphs: [`The deadline for moving to MitID was ${en}. You have MitID, so your NemID is now closed. Use MitID wherever you used NemID.`],
        },
      };
    case 'nemid-no-longer-needed':
      return {
        da: {
          label: 'Du har ikke længere brug for NemID',
          notification: 'Du har fået post fra Digitaliseringsstyrelsen: MitID har nu afløst NemID helt.',
          title: 'Du har ikke længere brug for NemID',
          paragraphs: ['MitID har nu fuldt ud afløst NemID. Du har ikke længere brug for dit NemID, og du kan smide dit nøglekort ud.'],
        },
        en: {
          label: 'You no longer need NemID',
          notification: 'You have mail from the Agency for Digital Government: MitID has now fully replaced NemID.',
          title: 'You no longer need NemID',
          paragraphs: ['MitID has now fully replaced NemID. You no longer need your NemID, and you can throw away your code card.'],
        },
      };
    case 'nemid-shutdown':
      return {
        da: {
          label: 'NemID er lukket ned',
          notification: 'Du har fået post fra Digitaliseringsstyrelsen: NemID er lukket ned og kan ikke længere bruges.',
          title: 'NemID er lukket ned',
          paragraphs: ['NemID er nu lukket ned og kan ikke længere bruges. Dit NemID er lukket.', HOW_TO_GET_MITID.da],
        },
        en: {
          label: 'NemID has been shut down',
          notification: 'You have mail from the Agency for Digital Government: NemID has been shut down and can no longer be used.',
          title: 'NemID has been shut down',
          paragraphs: ['NemID has now been shut down and can no longer be used. Your NemID is closed.', HOW_TO_GET_MITID.en],
        },
      };
    default: {
      const exhaustive: never = kind;
      throw new Error(`no notice text for ${String(exhaustive)}`);
    }
  }
}

/** The letter for a campaign kind; notices name the deadline in force (`deadline`, required for them). */
export function letterTextsFor(kind: CampaignKind, deadline?: IsoDate): LetterTexts {
  if (kind === 'update-info-letter') return UPDATE_INFO_LETTER;
  if (deadline === undefined) throw new Error(`the ${kind} notice needs the deadline it names`);
  return noticeTexts(kind, deadline);
}
