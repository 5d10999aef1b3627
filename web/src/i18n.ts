/** Danish first, as on borger.dk; English for everyone else. Each text is declared once, in both languages. */
export type Language = 'da' | 'en';

const STORAGE_KEY = 'overgang-language';

const TEXTS = {
  appName: { da: 'Overgang', en: 'Overgang' },
  tagline: { da: 'Fra NemID til MitID', en: 'From NemID to MitID' },
  skipToContent: { da: 'Gå til indholdet', en: 'Skip to content' },
  switchLanguage: { da: 'English', en: 'Dansk' },
  switchLanguageLabel: { da: 'Read this page in English', en: 'Læs siden på dansk' },
  signedInAs: { da: 'Logget ind som {name}', en: 'Signed in as {name}' },
  signedInCitizen: { da: 'Logget ind som borger', en: 'Signed in as a citizen' },
  signOut: { da: 'Log ud', en: 'Sign out' },
  signIn: { da: 'Log ind', en: 'Sign in' },
  loading: { da: 'Henter …', en: 'Loading …' },
  notSignedIn: { da: 'Du er ikke logget ind.', en: 'You are not signed in.' },
  sessionExpired: { da: 'Du har været logget ind for længe. Log ind igen.', en: 'Your session has expired. Please sign in again.' },
  forbiddenTitle: { da: 'Ingen adgang (403)', en: 'No access (403)' },
  forbiddenPage: { da: 'Denne side kræver rollen {role}. Du er logget ind med: {roles}.', en: 'This page needs the role {role}. You are signed in with: {roles}.' },
  goToStart: { da: 'Til forsiden', en: 'Go to the start page' },
  errorTitle: { da: 'Det lykkedes ikke', en: 'That did not work' },
  networkError: { da: 'Tjenesten svarer ikke. Prøv igen om lidt.', en: 'The service does not answer. Try again in a moment.' },
  requestRefused: { da: 'Tjenesten afviste forespørgslen ({status}): {detail}', en: 'The service refused the request ({status}): {detail}' },
  close: { da: 'Luk', en: 'Close' },
  yes: { da: 'Ja', en: 'Yes' },
  no: { da: 'Nej', en: 'No' },
  any: { da: 'Alle', en: 'Any' },
  none: { da: 'Ingen', en: 'None' },

  // start page
  startTitle: { da: 'Log ind', en: 'Sign in' },
  startIntro: { da: 'Overgang flytter alle NemID-brugere til MitID. Log ind for at se din side.', en: 'Overgang moves every NemID holder to MitID. Sign in to see your page.' },
  oidcSignIn: { da: 'Log ind hos identitetsudbyderen', en: 'Sign in at the identity provider' },
  devSignInTitle: { da: 'Log ind til udvikling', en: 'Development sign-in' },
  devSignInHelp: { da: 'Kun uden for produktion: vælg en rolle og et navn, eller et CPR-nummer for en borger.', en: 'Outside production only: choose a role and a name, or a CPR number for a citizen.' },
  role: { da: 'Rolle', en: 'Role' },
  roleAgency: { da: 'Digitaliseringsstyrelsen', en: 'Agency for Digital Government' },
  roleSupport: { da: 'Support', en: 'Support' },
  roleCitizen: { da: 'Borger', en: 'Citizen' },
  roleCitizenService: { da: 'Borgerservice', en: 'Citizen Service' },
  name: { da: 'Navn', en: 'Name' },
  nameHelp: { da: 'Det navn, dine handlinger registreres med, fx agent-7', en: 'The name your actions are recorded with, e.g. agent-7' },
  cpr: { da: 'CPR-nummer', en: 'CPR number' },
  cprHelp: { da: 'DDMMÅÅ-XXXX', en: 'DDMMYY-XXXX' },
  yourPages: { da: 'Dine sider', en: 'Your pages' },
  pageAgency: { da: 'Overgangen i tal', en: 'The transition' },
  pageSupport: { da: 'Find en borger', en: 'Find a citizen' },
  pageCitizen: { da: 'Mit NemID og MitID', en: 'My NemID and MitID' },
  signInErrorRefused: { da: 'Identitetsudbyderen afviste log ind. Prøv igen.', en: 'The identity provider refused the sign-in. Try again.' },
  signInErrorExpired: { da: 'Log ind tog for lang tid eller blev startet et andet sted. Prøv igen.', en: 'The sign-in took too long or was started elsewhere. Try again.' },
  signInErrorInvalid: { da: 'Svaret fra identitetsudbyderen kunne ikke godkendes. Prøv igen.', en: 'The answer from the identity provider could not be accepted. Try again.' },
  signInErrorNoRole: { da: 'Din bruger har ingen rolle i Overgang.', en: 'Your user has no role in Overgang.' },
  signInErrorUnavailable: { da: 'Identitetsudbyderen svarer ikke. Prøv igen om lidt.', en: 'The identity provider does not answer. Try again in a moment.' },

  // statuses
  'status.nemid-active': { da: 'Har NemID', en: 'Has NemID' },
  'status.letter-sent': { da: 'Brev sendt', en: 'Letter sent' },
  'status.info-updated': { da: 'Oplysninger opdateret', en: 'Information updated' },
  'status.mitid-created': { da: 'Har MitID', en: 'Has MitID' },
  'status.nemid-retired': { da: 'NemID lukket', en: 'NemID closed' },

  // support
  supportTitle: { da: 'Find en borger', en: 'Find a citizen' },
  supportIntro: { da: 'Borgeren kan se, hvem der har åbnet deres oplysninger, hvornår og hvorfor.', en: 'The citizen can see who opened their record, when and why.' },
  reason: { da: 'Hvorfor åbner du borgerens oplysninger?', en: 'Why do you open this record?' },
  reasonHelp: { da: 'Borgeren kan læse begrundelsen. Skriv aldrig et CPR-nummer.', en: 'The citizen can read it. Never write a CPR number.' },
  find: { da: 'Find', en: 'Find' },
  statusCard: { da: 'Status', en: 'Status' },
  issuedOn: { da: 'NemID udstedt', en: 'NemID issued' },
  digitalPostExempt: { da: 'Fritaget for Digital Post', en: 'Exempt from Digital Post' },
  noDanishPassport: { da: 'Intet dansk pas', en: 'No Danish passport' },
  addressProtected: { da: 'Navne- og adressebeskyttelse', en: 'Name and address protection' },
  visualImpairment: { da: 'Synshandicap', en: 'Visual impairment' },
  infoUpdatePending: { da: 'Skal opdatere oplysninger', en: 'Information update pending' },
  residesAbroad: { da: 'Bor i udlandet', en: 'Lives abroad' },
  mitIdCreated: { da: 'MitID oprettet', en: 'MitID created' },
  timeline: { da: 'Tidslinje (nyeste først)', en: 'Timeline (newest first)' },
  by: { da: 'af {who}', en: 'by {who}' },
  openLetter: { da: 'Læs brevet', en: 'Read the letter' },
  letterTitle: { da: 'Brevet, som borgeren modtog det', en: 'The letter as the citizen received it' },
  pdfLetter: { da: 'Brevet blev sendt på papir. Åbn PDF', en: 'The letter went on paper. Open the PDF' },

  // citizen
  citizenTitle: { da: 'Mit NemID og MitID', en: 'My NemID and MitID' },
  yourStatus: { da: 'Din status', en: 'Your status' },
  deadline: { da: 'Frist', en: 'Deadline' },
  whatNow: { da: 'Det skal du gøre nu', en: 'What to do now' },
  myLetters: { da: 'Mine breve', en: 'My letters' },
  noLetters: { da: 'Du har ikke fået breve endnu.', en: 'No letters yet.' },
  sentOn: { da: 'Sendt', en: 'Sent' },
  delivery: { da: 'Levering', en: 'Delivery' },
  'delivery.pending': { da: 'På vej', en: 'On its way' },
  'delivery.delivered': { da: 'Leveret', en: 'Delivered' },
  'delivery.failed': { da: 'Kunne ikke leveres', en: 'Could not be delivered' },
  'form.digital-post': { da: 'Digital Post', en: 'Digital Post' },
  'form.paper': { da: 'papir', en: 'paper' },
  read: { da: 'Læs', en: 'Read' },
  whoOpened: { da: 'Hvem har åbnet mine oplysninger', en: 'Who opened my record' },
  noOpenings: { da: 'Ingen har åbnet dine oplysninger.', en: 'No one has opened your record.' },
  when: { da: 'Hvornår', en: 'When' },
  who: { da: 'Hvem', en: 'Who' },
  what: { da: 'Hvad', en: 'What' },
  why: { da: 'Hvorfor', en: 'Why' },
  'record.status': { da: 'Status', en: 'Status' },
  'record.timeline': { da: 'Tidslinje', en: 'Timeline' },
  'record.letter': { da: 'Et brev', en: 'A letter' },
  letterNotYoursTitle: { da: 'Brevet er ikke dit (403)', en: 'This letter is not yours (403)' },
  letterNotYours: { da: 'Du kan kun læse dine egne breve.', en: 'You can only read your own letters.' },
  backToMyPage: { da: 'Tilbage til min side', en: 'Back to my page' },
  noNemId: { da: 'Vi har ikke et NemID registreret på dig.', en: 'We have no NemID registered for you.' },

  // agency
  agencyTitle: { da: 'Overgangen i tal', en: 'The transition' },
  funnel: { da: 'Borgere efter status nu', en: 'Citizens by status now' },
  total: { da: 'I alt', en: 'Total' },
  daily: { da: 'Dag for dag', en: 'Day by day' },
  dailyHelp: { da: 'Lodrette linjer: fristen og dens flytninger.', en: 'Vertical lines: the deadline and its moves.' },
  'series.lettersSent': { da: 'Breve', en: 'Letters' },
  'series.infoUpdated': { da: 'Oplysninger opdateret', en: 'Info updated' },
  'series.mitIdsCreated': { da: 'MitID oprettet', en: 'MitIDs' },
  'series.nemIdsRetired': { da: 'NemID lukket', en: 'Retirements' },
  noDays: { da: 'Ingen dage endnu.', en: 'No days yet.' },
  campaigns: { da: 'Brevkampagner', en: 'Letter campaigns' },
  noCampaigns: { da: 'Ingen kampagner endnu.', en: 'No campaigns yet.' },
  campaign: { da: 'Kampagne', en: 'Campaign' },
  progress: { da: 'Fremdrift', en: 'Progress' },
  rate: { da: 'Hastighed', en: 'Rate' },
  perSecond: { da: '{n}/s', en: '{n}/s' },
  eta: { da: 'Færdig ca.', en: 'Done about' },
  'campaign.running': { da: 'kører', en: 'running' },
  'campaign.paused': { da: 'sat på pause', en: 'paused' },
  'campaign.completed': { da: 'færdig', en: 'completed' },
  'campaign.unknown': { da: 'uden kampagne (fx fra skranken)', en: 'no campaign (e.g. from the desk)' },
  sentOf: { da: '{sent} sendt, {skipped} sprunget over, {remaining} tilbage', en: '{sent} sent, {skipped} skipped, {remaining} to go' },
  pause: { da: 'Pause', en: 'Pause' },
  resume: { da: 'Fortsæt', en: 'Resume' },
  startCampaign: { da: 'Start en kampagne', en: 'Start a campaign' },
  kind: { da: 'Slags', en: 'Kind' },
  campaignId: { da: 'Kampagnens navn (tom: afledt af slags og hvem)', en: 'Campaign name (empty: made from kind and cohort)' },
  'kind.update-info-letter': { da: 'Brev om at opdatere oplysninger', en: 'Update-info letter' },
  'kind.deadline-reminder': { da: 'Påmindelse om fristen', en: 'Deadline reminder' },
  'kind.final-warning': { da: 'Sidste varsel', en: 'Final warning' },
  'kind.keep-nemid': { da: 'Behold NemID', en: 'Keep NemID' },
  'kind.nemid-retired': { da: 'NemID lukket', en: 'NemID closed' },
  'kind.nemid-no-longer-needed': { da: 'NemID ikke længere nødvendigt', en: 'NemID no longer needed' },
  'kind.nemid-shutdown': { da: 'NemID lukker', en: 'NemID shuts down' },
  cohort: { da: 'Hvem', en: 'Who' },
  ratePerSecond: { da: 'Breve pr. sekund', en: 'Letters per second' },
  startAt: { da: 'Start (tom: nu)', en: 'Start (empty: now)' },
  start: { da: 'Start', en: 'Start' },
  schedule: { da: 'Tidsplan', en: 'Schedule' },
  deadlineInForce: { da: 'Gældende frist: {date} (version {version})', en: 'Deadline in force: {date} (version {version})' },
  milestone: { da: 'Milepæl', en: 'Milestone' },
  date: { da: 'Dato', en: 'Date' },
  passed: { da: 'Overstået', en: 'Passed' },
  moveDeadline: { da: 'Flyt fristen', en: 'Move the deadline' },
  newDeadline: { da: 'Ny frist', en: 'New deadline' },
  moveReason: { da: 'Begrundelse', en: 'Reason' },
  move: { da: 'Flyt', en: 'Move' },
  confirmMove: { da: 'Flyt fristen fra {from} til {to}? Alle påmindelser planlægges igen, og det kan ikke fortrydes.', en: 'Move the deadline from {from} to {to}? All reminders are planned again, and this cannot be undone.' },
  confirm: { da: 'Bekræft', en: 'Confirm' },
  cancel: { da: 'Fortryd', en: 'Cancel' },
  deadlineMoves: { da: 'Flytninger', en: 'Moves' },
  movedFromTo: { da: '{movedOn}: fra {from} til {to} – {reason}', en: '{movedOn}: from {from} to {to} – {reason}' },
  imports: { da: 'Indlæsning af NemID-registret', en: 'NemID register imports' },
  registerFile: { da: 'Registerfil (CSV eller NDJSON)', en: 'Register file (CSV or NDJSON)' },
  upload: { da: 'Indlæs', en: 'Import' },
  importCounts: { da: '{read} læst, {imported} indlæst, {alreadyPresent} fandtes, {rejected} afvist', en: '{read} read, {imported} imported, {alreadyPresent} already present, {rejected} rejected' },
  downloadRejects: { da: 'Hent afviste rækker (CSV)', en: 'Download the rejected rows (CSV)' },
  'import.running': { da: 'i gang', en: 'running' },
  'import.completed': { da: 'færdig', en: 'completed' },
  'import.waiting.disk-full': { da: 'venter: datadisken er fuld – fortsætter af sig selv, når der er plads', en: 'waiting: the data disk is full – goes on by itself once there is room' },
  chooseFile: { da: 'Vælg en fil', en: 'Choose a file' },
} as const satisfies Record<string, Record<Language, string>>;

export type TextKey = keyof typeof TEXTS;

export function language(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'da';
}

export function setLanguage(next: Language): void {
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

/** A text in the reader's language, with `{name}` filled in. */
export function t(key: TextKey, values: Record<string, string | number> = {}): string {
  return TEXTS[key][language()].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Texts named at run time (a status, a kind); the key itself when none is declared. */
export function tOr(key: string): string {
  return key in TEXTS ? t(key as TextKey) : key;
}

const DATE_FORMATS: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };

export function formatDate(isoDate: string): string {
  return new Date(`${isoDate.slice(0, 10)}T12:00:00Z`).toLocaleDateString(DATE_FORMATS[language()], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Copenhagen' });
}

export function formatInstant(instant: string): string {
  return new Date(instant).toLocaleString(DATE_FORMATS[language()], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Copenhagen' });
}

export function formatNumber(n: number): string {
  return n.toLocaleString(DATE_FORMATS[language()]);
}
