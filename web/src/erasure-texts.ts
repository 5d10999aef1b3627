import type { Text } from '../../src/domain/text';

/** The words of erasure and the retention rule: the agency's section, a forgotten record, a forgotten citizen's page. */
export const ERASURE_TEXTS = {
  retention: { da: 'Sletning af personoplysninger', en: 'Erasure of personal data' },
  forgottenTitle: { da: 'Dine oplysninger er slettet', en: 'Your data has been erased' },
  forgottenCitizen: {
    da: 'Dit NemID blev lukket for længe siden, og dine personoplysninger og breve fra overgangen er slettet, som reglerne kræver. Du bruger MitID.',
    en: 'Your NemID was retired long ago, and your personal data and letters from the transition have been erased, as the rules require. You use MitID.',
  },
  forgottenOn: { da: 'Personoplysninger slettet', en: 'Personal data erased' },
  forgottenHelp: {
    da: 'Borgerens personoplysninger er slettet: tidslinjen viser kun, hvad der skete og hvornår, og brevene kan ikke læses mere.',
    en: "This citizen's personal data has been erased: the timeline shows only what happened and when, and the letters can no longer be read.",
  },
  retentionHelp: {
    da: 'Når en indehavers NemID er lukket, opbevares personoplysningerne i det antal år, styrelsen har fastsat; derefter glemmes indehaveren: deres nøgler destrueres, og hændelserne viser kun, hvad der skete og hvornår. Kørslen sker hver dag af sig selv og kan også startes her.',
    en: "Once a holder's NemID is retired, their personal data is kept for the years the agency has set; then the holder is forgotten: their keys are destroyed, and their events show only what happened and when. The run happens each day by itself and can also be started here.",
  },
  retentionRunHeading: { da: 'Kør reglen om opbevaring', en: 'Run the retention rule' },
  retentionAsOf: { da: 'Pr. dato', en: 'As of' },
  retentionAsOfHelp: {
    da: 'En plan kan se frem i tiden; en kørsel kun til i dag. Indehavere, hvis NemID blev lukket det fastsatte antal år før, glemmes.',
    en: 'A plan may look ahead; a run only up to today. Holders whose NemID was retired the set number of years before are forgotten.',
  },
  retentionShowPlan: { da: 'Vis planen', en: 'Show the plan' },
  retentionPlanned: {
    da: '{holders} indehavere, hvis NemID blev lukket senest {by} ({years} år), ville blive glemt.',
    en: '{holders} holders whose NemID was retired by {by} ({years} years) would be forgotten.',
  },
  retentionByYear: { da: 'lukket i {year}: {holders}', en: 'retired in {year}: {holders}' },
  retentionStart: { da: 'Glem dem nu', en: 'Forget them now' },
  retentionConfirm: {
    da: '{holders} indehaveres personoplysninger slettes pr. {date}. Det kan ikke fortrydes. Fortsæt?',
    en: "{holders} holders' personal data is erased as of {date}. This cannot be undone. Go on?",
  },
  retentionRetiredBy: { da: 'NemID lukket senest', en: 'NemID retired by' },
  retentionYears: { da: '{years} års opbevaring', en: 'kept {years} years' },
  retentionForgotten: { da: 'Glemt / planlagt', en: 'Forgotten / planned' },
  retentionFinished: { da: 'færdig {at}', en: 'finished {at}' },
  retentionRunning: { da: 'kører', en: 'running' },
  erasureHeading: { da: 'Glem én borger', en: 'Forget one citizen' },
  erasureCitizen: { da: 'Borger-id', en: 'Citizen id' },
  erasureCitizenHelp: {
    da: 'Id’et fra opslaget i Borgerservice eller support (aldrig CPR-nummeret). NemID skal være lukket.',
    en: 'The id from a lookup at Citizen Service or support (never the CPR number). The NemID must be retired.',
  },
  erasureBasis: { da: 'Grundlag', en: 'Basis' },
  erasureStart: { da: 'Glem borgeren', en: 'Forget the citizen' },
  erasureConfirm: {
    da: 'Borgerens personoplysninger slettes, og det kan ikke fortrydes. Fortsæt?',
    en: "The citizen's personal data is erased, and this cannot be undone. Go on?",
  },
  erasureDone: { da: 'Borgeren er glemt.', en: 'The citizen is forgotten.' },
} as const satisfies Record<string, Text>;
