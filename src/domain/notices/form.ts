import { CitizenProfile } from '../citizen';

export type LetterForm = 'digital-post' | 'paper';

export interface LetterFormDecision {
  form: LetterForm;
  largePrint: boolean;
  /** Paper goes to the CPR-registered address unless the citizen's address is protected. */
  addressedTo: 'digital-post-inbox' | 'registered-address' | 'delivery-address';
}

/**
 * How a letter reaches one citizen (docs/facts.md "Digital Post and MeMo"; docs/sources: name and address
 * protection, partially sighted).
 */
export function letterFormFor(profile: CitizenProfile, deliveryAddressRegistered: boolean): LetterFormDecision {
  // exempt-from-digital-post-gets-paper
  const form: LetterForm = profile.digitalPostExempt ? 'paper' : 'digital-post';
  // partially-sighted-gets-large-print (blind citizens use screen readers on the digital document)
  const largePrint = profile.visualImpairment === 'partially-sighted';
  if (form === 'digital-post') return { form, largePrint, addressedTo: 'digital-post-inbox' };
  // address-protected-paper-to-delivery-address: the registered address is secret, a delivery address is on file
  const addressedTo = profile.addressProtected && deliveryAddressRegistered ? 'delivery-address' : 'registered-address';
  return { form, largePrint, addressedTo };
}
