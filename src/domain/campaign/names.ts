import type { Text } from '../text';
import type { CampaignKind } from './events';

/** What each kind of letter campaign is called, in both languages: the agency's page, the timeline and the rules. */
export const CAMPAIGN_KIND_NAMES: Record<CampaignKind, Text> = {
  'update-info-letter': { da: 'brev om at opdatere oplysninger', en: 'update-info letter' },
  'deadline-reminder': { da: 'påmindelse om fristen', en: 'deadline reminder' },
  'final-warning': { da: 'sidste varsel før fristen', en: 'final warning before the deadline' },
  'keep-nemid': { da: 'behold NemID indtil videre (intet dansk pas)', en: 'keep NemID for now (no Danish passport)' },
  'nemid-retired': { da: 'NemID lukket, brug MitID', en: 'NemID retired, use MitID' },
  'nemid-no-longer-needed': { da: 'NemID er ikke længere nødvendigt', en: 'NemID no longer needed' },
  'nemid-shutdown': { da: 'NemID lukker ned', en: 'NemID shut down' },
};
