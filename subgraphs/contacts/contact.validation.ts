import {
  AddressInput,
  badInput,
  countryCode,
  MAX_SHORT,
  optionalEmail,
  optionalString,
  optionalUrl,
  requiredString,
  type Address,
} from '../common';
import type { JobExperienceInput, SocialLinkInput } from './person.types';

/**
 * Checks of person and contact input. Each returns the cleaned value
 * (trimmed, '' -> null) and throws BAD_USER_INPUT naming the field.
 * `undefined` stays undefined: the field was not given and is left as it is.
 */

const PHONE_RE = /^\+?[0-9 ()./-]*[0-9][0-9 ()./-]*(\s*(x|ext\.?)\s*[0-9]{1,6})?$/i;

export const check = {
  title: (v: string | null | undefined, field = 'title') => optionalString(field, v, 50),
  initials: (v: string | null | undefined, field = 'initials') => optionalString(field, v, 20),
  name: (field: string, v: string | null | undefined) => optionalString(field, v, MAX_SHORT),
  lastName: (v: string | null | undefined, field = 'lastName') => requiredString(field, v, MAX_SHORT),
  suffix: (v: string | null | undefined, field = 'suffix') => optionalString(field, v, 20),
  jobTitle: (v: string | null | undefined) => optionalString('jobTitle', v, MAX_SHORT),
  jobDescription: (v: string | null | undefined) => optionalString('jobDescription', v, 2000),
  email: (v: string | null | undefined, field = 'email') => optionalEmail(field, v),

  phone(field: string, v: string | null | undefined): string | null | undefined {
    const s = optionalString(field, v, 50);
    if (s && !PHONE_RE.test(s)) throw badInput(field, `${field} is not a phone number`);
    return s;
  },

  /** BCP 47 language tag, canonicalised ("en-gb" -> "en-GB"). */
  language(v: string | null | undefined, field = 'language'): string | null | undefined {
    const s = optionalString(field, v, 35);
    if (!s) return s;
    try {
      const [canonical] = Intl.getCanonicalLocales(s);
      if (canonical && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(canonical)) return canonical;
    } catch {
      // falls through
    }
    throw badInput(field, `${field} must be a language tag such as "nl" or "en-GB"`);
  },

  address(v: AddressInput | null | undefined, field = 'address'): Address | null | undefined {
    if (v === undefined || v === null) return v;
    return {
      line1: requiredString(`${field}.line1`, v.line1),
      line2: optionalString(`${field}.line2`, v.line2, 200) ?? null,
      postcode: optionalString(`${field}.postcode`, v.postcode, 20) ?? null,
      city: optionalString(`${field}.city`, v.city) ?? null,
      stateCode: optionalString(`${field}.stateCode`, v.stateCode, 10) ?? null,
      countryCode: countryCode(`${field}.countryCode`, v.countryCode),
    };
  },

  socialLinks(v: SocialLinkInput[] | null | undefined): { network: string; url: string }[] | undefined {
    if (v === undefined) return undefined;
    if (v === null) return [];
    if (v.length > 50) throw badInput('socialLinks', 'At most 50 social links');
    return v.map((link, i) => ({
      network: requiredString(`socialLinks.${i}.network`, link.network, 50),
      url: requiredUrl(`socialLinks.${i}.url`, link.url),
    }));
  },

  jobExperiences(v: JobExperienceInput[] | null | undefined) {
    if (v === undefined) return undefined;
    if (v === null) return [];
    if (v.length > 100) throw badInput('jobExperiences', 'At most 100 job experiences');
    return v.map((job, i) => {
      const from = job.from ?? null;
      const to = job.to ?? null;
      if (from && to && from > to) throw badInput(`jobExperiences.${i}.to`, 'to is before from');
      return {
        company: requiredString(`jobExperiences.${i}.company`, job.company),
        role: optionalString(`jobExperiences.${i}.role`, job.role) ?? null,
        from,
        to,
      };
    });
  },

  classifications(v: string[] | null | undefined): string[] | undefined {
    if (v === undefined) return undefined;
    if (v === null) return [];
    if (v.length > 50) throw badInput('personalDataClassifications', 'At most 50 classifications');
    const cleaned = v.map((c, i) => requiredString(`personalDataClassifications.${i}`, c, MAX_SHORT));
    return [...new Set(cleaned)];
  },
};

function requiredUrl(field: string, v: string): string {
  const url = optionalUrl(field, v);
  if (!url) throw badInput(field, `${field} is required`);
  return url;
}
