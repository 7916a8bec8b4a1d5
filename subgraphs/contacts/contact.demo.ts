import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { DemoAccount, DemoData } from '../common';
import { Contact } from './contact.entity';
import { ContactRepository } from './contact.repository';
import { composeFullName, Person } from './person.entity';
import { PersonRepository } from './person.repository';

interface DemoContact {
  title?: string;
  initials?: string;
  firstName?: string;
  middleName?: string;
  lastName: string;
  language: string;
  jobTitle?: string;
  email?: string;
  phone?: string;
  mobile?: string;
  optIn?: boolean;
}

/** Contacts per demo account code; the first is the main contact. */
const BY_CODE: Record<string, DemoContact[]> = {
  '1001': [
    { firstName: 'Jan', middleName: 'van der', lastName: 'Berg', language: 'nl', jobTitle: 'Directeur', email: 'jan.vanderberg@example.nl', phone: '+31 30 123 4501', optIn: true },
    { firstName: 'Sanne', middleName: 'de', lastName: 'Vries', language: 'nl', jobTitle: 'Inkoper', email: 'sanne.devries@example.nl', mobile: '+31 6 1234 5678' },
    { title: 'Ing.', initials: 'K.', lastName: 'Bakker', language: 'nl', jobTitle: 'Projectleider', email: 'k.bakker@example.nl' },
  ],
  '1002': [
    { firstName: 'Oliver', lastName: 'Smith', language: 'en-GB', jobTitle: 'Managing Director', email: 'oliver.smith@example.co.uk', phone: '+44 161 496 0001', optIn: true },
    { firstName: 'Emily', lastName: 'Clarke', language: 'en-GB', jobTitle: 'Accounts Payable', email: 'accounts@example.co.uk' },
  ],
  '1003': [
    { firstName: 'Lars', lastName: 'Andersson', language: 'sv', jobTitle: 'Försäljningschef', email: 'lars.andersson@example.se', phone: '+46 31 123 45 00' },
    { firstName: 'Karin', lastName: 'Lindqvist', language: 'sv', jobTitle: 'Ekonomi', email: 'karin.lindqvist@example.se' },
  ],
  '1004': [
    { title: 'Dr.', firstName: 'Thomas', lastName: 'Keller', language: 'de', jobTitle: 'Geschäftsführer', email: 'thomas.keller@example.de', phone: '+49 711 123 4560' },
    { firstName: 'Anna', lastName: 'Schmidt', language: 'de', jobTitle: 'Einkauf', email: 'anna.schmidt@example.de', optIn: true },
    { firstName: 'Jürgen', lastName: 'Weber', language: 'de', jobTitle: 'Technik', mobile: '+49 151 2345 6789' },
  ],
  '1005': [
    { firstName: 'Marie', lastName: 'Dupont', language: 'fr', jobTitle: 'Gérante', email: 'marie.dupont@example.fr', phone: '+33 4 72 00 00 01' },
    { firstName: 'Luc', lastName: 'Moreau', language: 'fr', jobTitle: 'Comptable', email: 'luc.moreau@example.fr' },
  ],
};

const GENERIC: DemoContact[] = [
  { firstName: 'Alex', lastName: 'Morgan', language: 'en', jobTitle: 'Owner', email: 'alex.morgan@example.com' },
  { firstName: 'Sam', lastName: 'Taylor', language: 'en', jobTitle: 'Purchasing', email: 'sam.taylor@example.com' },
];

/**
 * Two or three contacts per demo company; a person account's person as its
 * contact, who is also a contact (an adviser) at the first company.
 */
export async function seedContactsDemo(ds: DataSource, demo: DemoData): Promise<void> {
  const persons = new PersonRepository(ds);
  const contacts = new ContactRepository(ds);
  const firstCompany = demo.accounts.find((a) => a.kind !== 'PERSON');
  await ds.transaction(async (db) => {
    let at = Date.now() - 60_000;
    const add = async (account: DemoAccount, person: Person, d: DemoContact, isMain: boolean) => {
      const now = new Date(at++);
      await contacts.insert(
        db,
        Object.assign(new Contact(), {
          id: randomUUID(), accountId: account.id, personId: person.id, jobTitle: d.jobTitle ?? null, jobDescription: null,
          email: d.email ?? null, emailValid: !!d.email, emailOptIn: !!d.optIn, phone: d.phone ?? null, mobile: d.mobile ?? null,
          fax: null, isMain, version: 1, createdAt: now, updatedAt: now,
        }),
      );
    };
    const newPerson = async (d: DemoContact, own = false) => {
      const now = new Date(at++);
      const name = { initials: d.initials ?? null, firstName: d.firstName ?? null, middleName: d.middleName ?? null, lastName: d.lastName, suffix: null };
      const person = Object.assign(new Person(), {
        id: randomUUID(), title: d.title ?? null, ...name, fullName: composeFullName(name), language: d.language,
        email: own ? (d.email ?? null) : null, phone: own ? (d.phone ?? null) : null, mobile: own ? (d.mobile ?? null) : null, fax: null,
        address: null, socialLinks: [] as Person['socialLinks'], jobExperiences: [] as Person['jobExperiences'],
        personalDataClassifications: [] as string[], version: 1, createdAt: now, updatedAt: now,
      });
      await persons.insert(db, person);
      return person;
    };

    for (const account of demo.accounts) {
      if (account.kind === 'PERSON') {
        const [firstName, ...rest] = account.name.split(' ');
        const d: DemoContact = { firstName, lastName: rest.join(' ') || firstName, language: 'nl', email: `${account.name.toLowerCase().replace(/\W+/g, '.')}@example.nl`, mobile: '+31 6 9876 5432', optIn: true };
        const person = await newPerson(d, true);
        person.socialLinks = [{ network: 'LinkedIn', url: 'https://www.linkedin.com/in/example' }];
        person.jobExperiences = [{ company: 'Van der Berg Installatietechniek B.V.', role: 'Adviseur', from: '2019-03-01', to: null }];
        await persons.update(db, person);
        await persons.insertAccountLink(db, account.id, person.id, new Date(at++));
        await add(account, person, d, true);
        if (firstCompany) await add(firstCompany, person, { ...d, jobTitle: 'Adviseur', email: undefined, optIn: false }, false);
        continue;
      }
      const list = BY_CODE[account.code] ?? GENERIC;
      for (const [i, d] of list.entries()) await add(account, await newPerson(d), d, i === 0);
    }
  });
}
