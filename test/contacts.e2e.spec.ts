import { randomUUID } from 'node:crypto';
import { loadDemoDataIfEmpty } from '../scripts/demo';
import { mintToken } from '../subgraphs/common';
import { startTestSystem, type TestSystem } from './support/system';

const CREATE_ACCOUNT = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`;
const CONTACT_FIELDS = `id fullName jobTitle jobDescription email emailValid emailOptIn phone mobile fax isMain version
  account { id } person { id fullName firstName lastName }`;
const CREATE = `mutation($input: CreateContactInput!) { createContact(input: $input) { ${CONTACT_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateContactInput!, $v: Int) { updateContact(id: $id, input: $input, expectedVersion: $v) { ${CONTACT_FIELDS} } }`;
const DELETE = `mutation($id: ID!) { deleteContact(id: $id) { id isMain } }`;
const SET_MAIN = `mutation($id: ID!) { setMainContact(id: $id) { id isMain } }`;
const BOUNCED = `mutation($email: String!) { markEmailBounced(email: $email) }`;
const UPDATE_PERSON = `mutation($id: ID!, $input: UpdatePersonInput!, $p: Boolean, $v: Int) {
  updatePerson(id: $id, input: $input, propagateToContacts: $p, expectedVersion: $v) {
    id fullName title initials firstName middleName lastName suffix language email phone mobile fax version
    address { line1 city countryCode } socialLinks { network url } jobExperiences { company role from to } personalDataClassifications
  }
}`;
const MERGE = `mutation($keep: ID!, $merge: ID!, $take: [PersonField!]) {
  mergePersons(keepId: $keep, mergeId: $merge, takeFromMerged: $take) {
    id fullName firstName lastName address { line1 } socialLinks { network } contacts { id account { id } } account { id } accounts { id }
  }
}`;
const CARD = `query($id: ID!) { account(id: $id) { id name mainContact { id fullName email } contacts { id fullName isMain emailValid } person { id fullName } } }`;
const LINK_USER = `mutation($u: ID!, $a: ID, $c: ID) { linkUser(userId: $u, accountId: $a, contactId: $c) { id email displayName crmAccount { id name } crmContact { id email } } }`;

describe('contacts subgraph', () => {
  let t: TestSystem;

  beforeAll(async () => {
    t = await startTestSystem();
    await loadDemoDataIfEmpty(t.system);
  });
  afterAll(() => t?.stop());

  const db = () => t.dataSource('contacts');
  const count = async (table: string, where = 'true', params: unknown[] = []) => {
    const [{ n }] = await db().query(`SELECT count(*)::int AS n FROM contacts.${table} WHERE ${where}`, params);
    return n as number;
  };
  const counts = async () => ({ persons: await count('person'), contacts: await count('contact'), links: await count('person_account') });

  async function account(kind: 'COMPANY' | 'PERSON' = 'COMPANY', name = `Acme ${randomUUID().slice(0, 8)}`): Promise<string> {
    const { createAccount } = await t.ok(CREATE_ACCOUNT, {
      input: { name, kind, type: 'CUSTOMER', address: { line1: 'Main Street 1', city: 'Utrecht', countryCode: 'NL' } },
    });
    return createAccount.id;
  }
  async function contact(input: Record<string, unknown>, token?: string) {
    const { createContact } = await t.ok(CREATE, { input: { lastName: 'Doe', ...input } }, { token });
    return createContact;
  }
  const mainCount = (accountId: string) => count('contact', 'account_id = $1 AND is_main', [accountId]);
  const uniqueEmail = (name = 'x') => `${name}.${randomUUID().slice(0, 8)}@Example.com`;

  describe('demo data', () => {
    it('gives each demo company two or three contacts with one main, and the person account its person', async () => {
      const demo = await db().query(`SELECT account_id, count(*)::int AS n, count(*) FILTER (WHERE is_main)::int AS main FROM contacts.contact GROUP BY account_id`);
      expect(demo.length).toBeGreaterThanOrEqual(6);
      for (const row of demo) expect(row.main).toBe(1);
      const [personAccount] = await t.system.subgraphs.accounts.dataSource.query(`SELECT id, name FROM accounts.account WHERE kind = 'PERSON' LIMIT 1`);
      const card = await t.ok(CARD, { id: personAccount.id });
      expect(card.account.person.fullName).toBe(personAccount.name);
      expect(card.account.mainContact.fullName).toBe(personAccount.name);
      const { person } = await t.ok(`query($id: ID!) { person(id: $id) { account { id name } contacts { account { name } jobTitle } } }`, {
        id: card.account.person.id,
      });
      expect(person.account).toEqual({ id: personAccount.id, name: personAccount.name });
      expect(person.contacts).toEqual([{ account: { name: expect.any(String) }, jobTitle: 'Adviseur' }]);
      const companies = await t.system.subgraphs.accounts.dataSource.query(`SELECT id FROM accounts.account WHERE kind = 'COMPANY' AND deleted_at IS NULL`);
      for (const c of companies) {
        const n = await count('contact', 'account_id = $1', [c.id]);
        expect(n).toBeGreaterThanOrEqual(2);
        expect(n).toBeLessThanOrEqual(4);
      }
    });
  });

  describe('createContact', () => {
    it('creates the person and the contact; the first contact is main; the card shows them through the gateway', async () => {
      const accountId = await account();
      const c = await contact({
        accountId, title: 'Dr.', firstName: 'Jan', middleName: 'van der', lastName: 'Berg', suffix: 'Jr.', language: 'en-gb',
        jobTitle: 'Director', email: 'Jan@Example.com', phone: '+31 30 123 4567', isMain: false,
      });
      expect(c).toMatchObject({ fullName: 'Jan van der Berg Jr.', isMain: true, emailValid: true, emailOptIn: false, version: 1, account: { id: accountId } });
      expect(c.person).toMatchObject({ fullName: 'Jan van der Berg Jr.', firstName: 'Jan', lastName: 'Berg' });
      const { person } = await t.ok(`query($id: ID!) { person(id: $id) { title language contacts { id } account { id } } }`, { id: c.person.id });
      expect(person).toEqual({ title: 'Dr.', language: 'en-GB', contacts: [{ id: c.id }], account: null });

      const second = await contact({ accountId, initials: 'K.', lastName: 'Bakker' });
      expect(second).toMatchObject({ fullName: 'K. Bakker', isMain: false, emailValid: false });
      const card = await t.ok(CARD, { id: accountId });
      expect(card.account.mainContact).toEqual({ id: c.id, fullName: 'Jan van der Berg Jr.', email: 'Jan@Example.com' });
      expect(card.account.contacts.map((x: any) => x.id)).toEqual([c.id, second.id]);
      expect(card.account.person).toBeNull();
    });

    it('takes an existing person: one person, contacts at two accounts', async () => {
      const [a, b] = [await account(), await account()];
      const first = await contact({ accountId: a, firstName: 'Eva', lastName: 'Jansen' });
      const before = await counts();
      const second = await contact({ accountId: b, personId: first.person.id, lastName: undefined, jobTitle: 'Adviser' });
      expect(second.person.id).toBe(first.person.id);
      expect(await counts()).toEqual({ ...before, contacts: before.contacts + 1 });
      const { person } = await t.ok(`query($id: ID!) { person(id: $id) { contacts { account { id } jobTitle } } }`, { id: first.person.id });
      expect(person.contacts).toEqual([{ account: { id: a }, jobTitle: null }, { account: { id: b }, jobTitle: 'Adviser' }]);
      // The same person twice at one account is refused.
      const again = await t.gql(CREATE, { input: { accountId: b, personId: first.person.id } });
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'personId' });
    });

    it('an unknown account is NOT_FOUND and nothing is written', async () => {
      const before = await counts();
      const r = await t.gql(CREATE, { input: { accountId: randomUUID(), lastName: 'Nobody' } });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'accountId' });
      expect(await counts()).toEqual(before);
    });

    describe('bad input is refused with the field and nothing is written', () => {
      let accountId: string;
      beforeAll(async () => {
        accountId = await account();
      });
      it.each([
        ['no last name', { lastName: undefined }, 'BAD_USER_INPUT', 'lastName'],
        ['an empty last name', { lastName: '   ' }, 'BAD_USER_INPUT', 'lastName'],
        ['a 100,000-character last name', { lastName: 'x'.repeat(100_000) }, 'BAD_USER_INPUT', 'lastName'],
        ['a 100,000-character first name', { firstName: 'x'.repeat(100_000) }, 'BAD_USER_INPUT', 'firstName'],
        ['a 100,000-character job title', { jobTitle: 'x'.repeat(100_000) }, 'BAD_USER_INPUT', 'jobTitle'],
        ['an invalid email', { email: 'not-an-email' }, 'BAD_USER_INPUT', 'email'],
        ['a phone that is no number', { phone: 'call me maybe' }, 'BAD_USER_INPUT', 'phone'],
        ['a bad language', { language: 'not a language!' }, 'BAD_USER_INPUT', 'language'],
        ['a malformed account id', { accountId: 'abc' }, 'BAD_USER_INPUT', 'accountId'],
        ['a malformed person id', { personId: 'abc', lastName: undefined }, 'BAD_USER_INPUT', 'personId'],
        ['an unknown person', { personId: randomUUID(), lastName: undefined }, 'NOT_FOUND', 'personId'],
        ['a person id with person fields', { personId: randomUUID(), lastName: 'Doe' }, 'BAD_USER_INPUT', 'lastName'],
      ])('%s', async (_what, patch, code, field) => {
        const before = await counts();
        const input = { accountId, lastName: 'Doe', ...patch };
        const r = await t.gql(CREATE, { input });
        expect(r.errors?.[0].extensions).toMatchObject({ code, field });
        expect(await counts()).toEqual(before);
      });
    });
  });

  describe('main contact', () => {
    it('isMain on create and setMainContact move it; deleting the main contact promotes another', async () => {
      const accountId = await account();
      const a = await contact({ accountId, lastName: 'A' });
      const b = await contact({ accountId, lastName: 'B', isMain: true });
      const c = await contact({ accountId, lastName: 'C' });
      const mainOf = async () => (await t.ok(CARD, { id: accountId })).account.mainContact?.id ?? null;
      expect(await mainOf()).toBe(b.id);
      expect((await t.ok(SET_MAIN, { id: c.id })).setMainContact).toEqual({ id: c.id, isMain: true });
      expect(await mainOf()).toBe(c.id);
      expect(await mainCount(accountId)).toBe(1);
      // Setting the main contact again changes nothing.
      expect((await t.ok(SET_MAIN, { id: c.id })).setMainContact.isMain).toBe(true);
      expect((await t.ok(DELETE, { id: c.id })).deleteContact).toEqual({ id: c.id, isMain: true });
      expect(await mainOf()).toBe(a.id); // the oldest remaining
      await t.ok(DELETE, { id: a.id });
      expect(await mainOf()).toBe(b.id);
      await t.ok(DELETE, { id: b.id });
      expect(await mainOf()).toBeNull();
      expect((await t.ok(CARD, { id: accountId })).account.contacts).toEqual([]);
    });

    it('the database allows only one main contact per account', async () => {
      const accountId = await account();
      const a = await contact({ accountId });
      await contact({ accountId, lastName: 'Other' });
      await expect(db().query(`UPDATE contacts.contact SET is_main = true WHERE account_id = $1`, [accountId])).rejects.toThrow(/contact_one_main_per_account/);
      expect(await mainCount(accountId)).toBe(1);
      expect((await t.ok(`query($id: ID!) { contact(id: $id) { isMain } }`, { id: a.id })).contact.isMain).toBe(true);
    });

    it('concurrent creates on an account without contacts end with exactly one main contact', async () => {
      const accountId = await account();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => t.gql(CREATE, { input: { accountId, lastName: `Racer ${i}`, isMain: i % 3 === 0 ? true : undefined } })),
      );
      for (const r of results) expect(r.errors).toBeUndefined();
      expect(await count('contact', 'account_id = $1', [accountId])).toBe(12);
      expect(await mainCount(accountId)).toBe(1);
      const card = await t.ok(CARD, { id: accountId });
      expect(card.account.contacts.filter((c: any) => c.isMain)).toHaveLength(1);
    });

    it('concurrent setMainContact calls end with exactly one main contact', async () => {
      const accountId = await account();
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await contact({ accountId, lastName: `Setter ${i}` })).id);
      const results = await Promise.all(ids.map((id) => t.gql(SET_MAIN, { id })));
      for (const r of results) expect(r.errors).toBeUndefined();
      expect(await mainCount(accountId)).toBe(1);
    });

    it('unknown and malformed ids', async () => {
      expect((await t.gql(SET_MAIN, { id: randomUUID() })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
      expect((await t.gql(DELETE, { id: 'nope' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      expect((await t.gql(`{ contact(id: "nope") { id } }`)).data).toEqual({ contact: null });
      expect((await t.gql(`query($id: ID!) { contact(id: $id) { id } }`, { id: randomUUID() })).data).toEqual({ contact: null });
    });
  });

  describe('email flags', () => {
    it('an entered or changed email is valid; a bounce marks every contact with it, in any case; the opt-in survives', async () => {
      const [a, b] = [await account(), await account()];
      const email = uniqueEmail('bounce');
      const c1 = await contact({ accountId: a, email, emailOptIn: true });
      const c2 = await contact({ accountId: b, email: email.toUpperCase() });
      const other = await contact({ accountId: b, email: uniqueEmail('other') });
      expect([c1.emailValid, c1.emailOptIn, c2.emailValid]).toEqual([true, true, true]);

      expect((await t.ok(BOUNCED, { email: email.toLowerCase() })).markEmailBounced).toBe(2);
      const read = async (id: string) => (await t.ok(`query($id: ID!) { contact(id: $id) { email emailValid emailOptIn version } }`, { id })).contact;
      expect(await read(c1.id)).toMatchObject({ emailValid: false, emailOptIn: true, version: 2 });
      expect(await read(c2.id)).toMatchObject({ emailValid: false });
      expect(await read(other.id)).toMatchObject({ emailValid: true });
      // Bouncing again counts the same contacts and changes nothing further.
      expect((await t.ok(BOUNCED, { email })).markEmailBounced).toBe(2);
      expect((await read(c1.id)).version).toBe(2);
      expect((await t.ok(BOUNCED, { email: uniqueEmail('nobody') })).markEmailBounced).toBe(0);

      // A new address is valid again; the permission to email is kept.
      const changed = (await t.ok(UPDATE, { id: c1.id, input: { email: uniqueEmail('new') } })).updateContact;
      expect(changed).toMatchObject({ emailValid: true, emailOptIn: true });
      // Editing something else leaves a bounced address bounced.
      const phone = (await t.ok(UPDATE, { id: c2.id, input: { phone: '+44 20 7946 0000' } })).updateContact;
      expect(phone).toMatchObject({ emailValid: false, phone: '+44 20 7946 0000' });
      // Removing the address leaves nothing valid; the opt-in stays as it was.
      const removed = (await t.ok(UPDATE, { id: c1.id, input: { email: null } })).updateContact;
      expect(removed).toMatchObject({ email: null, emailValid: false, emailOptIn: true });
      const bad = await t.gql(UPDATE, { id: c1.id, input: { emailValid: true } });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'emailValid' });
      const optOut = (await t.ok(UPDATE, { id: c1.id, input: { emailOptIn: false, email: uniqueEmail('again') } })).updateContact;
      expect(optOut).toMatchObject({ emailValid: true, emailOptIn: false });
    });

    it('refuses an invalid address to bounce', async () => {
      const r = await t.gql(BOUNCED, { email: 'nope' });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    });
  });

  describe('updateContact', () => {
    it('a stale version is CONFLICT and changes nothing; bad input names the field', async () => {
      const c = await contact({ accountId: await account(), jobTitle: 'Buyer' });
      const ok = (await t.ok(UPDATE, { id: c.id, input: { jobTitle: 'Head of Purchasing', jobDescription: 'Buys things' }, v: 1 })).updateContact;
      expect(ok).toMatchObject({ jobTitle: 'Head of Purchasing', jobDescription: 'Buys things', version: 2 });
      const stale = await t.gql(UPDATE, { id: c.id, input: { jobTitle: 'Other' }, v: 1 });
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
      for (const [input, field] of [
        [{ email: 'bad@' }, 'email'],
        [{ jobTitle: 'x'.repeat(100_000) }, 'jobTitle'],
        [{ mobile: 'x'.repeat(100_000) }, 'mobile'],
      ] as const) {
        const r = await t.gql(UPDATE, { id: c.id, input });
        expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      const [row] = await db().query(`SELECT job_title, version FROM contacts.contact WHERE id = $1`, [c.id]);
      expect(row).toEqual({ job_title: 'Head of Purchasing', version: 2 });
      // Nothing changed: no new version.
      expect((await t.ok(UPDATE, { id: c.id, input: { jobTitle: 'Head of Purchasing' } })).updateContact.version).toBe(2);
      expect((await t.gql(UPDATE, { id: randomUUID(), input: {} })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    });
  });

  describe('person accounts', () => {
    it('a contact on a PERSON account links its person; that person can also be a contact at companies', async () => {
      const personAccount = await account('PERSON', 'Maria Lopez');
      const company = await account();
      const own = await contact({ accountId: personAccount, firstName: 'Maria', lastName: 'Lopez', email: 'maria@example.com', mobile: '+34 600 000 000' });
      const role = await contact({ accountId: company, personId: own.person.id, lastName: undefined, jobTitle: 'Consultant', email: 'maria@company.example' });
      const card = await t.ok(CARD, { id: personAccount });
      expect(card.account.person).toEqual({ id: own.person.id, fullName: 'Maria Lopez' });
      expect(card.account.mainContact.id).toBe(own.id);
      const { person } = await t.ok(
        `query($id: ID!) { person(id: $id) { email mobile account { id name kind } accounts { id } contacts { id jobTitle account { id } } } }`,
        { id: own.person.id },
      );
      // The person account's own contact is the person themself; contacts lists roles at companies.
      expect(person).toEqual({
        email: 'maria@example.com',
        mobile: '+34 600 000 000',
        account: { id: personAccount, name: 'Maria Lopez', kind: 'PERSON' },
        accounts: [{ id: personAccount }],
        contacts: [{ id: role.id, jobTitle: 'Consultant', account: { id: company } }],
      });
      expect((await t.ok(CARD, { id: company })).account.person).toBeNull();

      // A person account is one person: another person there is refused, nothing written.
      const before = await counts();
      const other = await t.gql(CREATE, { input: { accountId: personAccount, lastName: 'Someone Else' } });
      expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accountId' });
      const stranger = await contact({ accountId: company, lastName: 'Stranger' });
      const byId = await t.gql(CREATE, { input: { accountId: personAccount, personId: stranger.person.id } });
      expect(byId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personId' });
      expect(await count('person_account', 'account_id = $1', [personAccount])).toBe(1);
      expect((await counts()).contacts).toBe(before.contacts + 1);
    });

    it('an existing person can become a person account', async () => {
      const company = await account();
      const c = await contact({ accountId: company, firstName: 'Tom', lastName: 'Hardy' });
      const personAccount = await account('PERSON', 'Tom Hardy');
      await contact({ accountId: personAccount, personId: c.person.id, lastName: undefined });
      const { person } = await t.ok(`query($id: ID!) { person(id: $id) { account { id } contacts { id } } }`, { id: c.person.id });
      expect(person).toEqual({ account: { id: personAccount }, contacts: [{ id: c.id }] });
    });
  });

  describe('updatePerson', () => {
    it('without propagation contacts keep their fields; with it, the edited flexible fields go to every contact', async () => {
      const [a, b] = [await account(), await account()];
      const c1 = await contact({ accountId: a, firstName: 'Pia', lastName: 'Koster', email: 'pia@a.example', phone: '+31 1', emailOptIn: true });
      const c2 = await contact({ accountId: b, personId: c1.person.id, lastName: undefined, email: 'pia@b.example', mobile: '+31 6 1' });
      await t.ok(BOUNCED, { email: 'pia@b.example' });
      const id = c1.person.id;

      const plain = (await t.ok(UPDATE_PERSON, { id, input: { email: 'pia@home.example', phone: '+31 20 000' } })).updatePerson;
      expect(plain).toMatchObject({ email: 'pia@home.example', phone: '+31 20 000', version: 2 });
      const read = async (cid: string) => (await t.ok(`query($id: ID!) { contact(id: $id) { email emailValid emailOptIn phone mobile } }`, { id: cid })).contact;
      expect(await read(c1.id)).toEqual({ email: 'pia@a.example', emailValid: true, emailOptIn: true, phone: '+31 1', mobile: null });

      const propagated = (await t.ok(UPDATE_PERSON, { id, input: { email: 'pia@new.example', mobile: '+31 6 2' }, p: true })).updatePerson;
      expect(propagated.version).toBe(3);
      expect(await read(c1.id)).toEqual({ email: 'pia@new.example', emailValid: true, emailOptIn: true, phone: '+31 1', mobile: '+31 6 2' });
      expect(await read(c2.id)).toEqual({ email: 'pia@new.example', emailValid: true, emailOptIn: false, phone: null, mobile: '+31 6 2' });
    });

    it('edits names (full name recomposed), address, lists; clears with null; refuses bad input and stale versions', async () => {
      const c = await contact({ accountId: await account(), firstName: 'Bob', lastName: 'Stone' });
      const id = c.person.id;
      const r = (
        await t.ok(UPDATE_PERSON, {
          id,
          input: {
            firstName: null, initials: 'R.J.', middleName: 'de', suffix: 'Sr.', title: 'Mr.', language: 'NL',
            address: { line1: 'Dam 1', city: 'Amsterdam', countryCode: 'nl' },
            socialLinks: [{ network: 'LinkedIn', url: 'https://linkedin.example/in/rj' }],
            jobExperiences: [{ company: 'Old Corp', role: 'Clerk', from: '2001-01-01', to: '2005-12-31' }, { company: 'New Corp', from: '2006-01-01' }],
            personalDataClassifications: ['Marketing', 'Marketing', 'Sales'],
          },
          v: 1,
        })
      ).updatePerson;
      expect(r).toMatchObject({
        fullName: 'R.J. de Stone Sr.', firstName: null, language: 'nl', address: { line1: 'Dam 1', city: 'Amsterdam', countryCode: 'NL' },
        socialLinks: [{ network: 'LinkedIn', url: 'https://linkedin.example/in/rj' }],
        jobExperiences: [{ company: 'Old Corp', role: 'Clerk', from: '2001-01-01', to: '2005-12-31' }, { company: 'New Corp', role: null, from: '2006-01-01', to: null }],
        personalDataClassifications: ['Marketing', 'Sales'], version: 2,
      });
      expect((await t.ok(`query($id: ID!) { contact(id: $id) { fullName } }`, { id: c.id })).contact.fullName).toBe('R.J. de Stone Sr.');

      const [before] = await db().query(`SELECT * FROM contacts.person WHERE id = $1`, [id]);
      for (const [input, code, field] of [
        [{ lastName: null }, 'BAD_USER_INPUT', 'lastName'],
        [{ lastName: 'x'.repeat(100_000) }, 'BAD_USER_INPUT', 'lastName'],
        [{ email: 'no' }, 'BAD_USER_INPUT', 'email'],
        [{ address: { line1: 'x', countryCode: 'XX' } }, 'BAD_USER_INPUT', 'address.countryCode'],
        [{ socialLinks: [{ network: 'Evil', url: 'javascript:alert(1)' }] }, 'BAD_USER_INPUT', 'socialLinks.0.url'],
        [{ jobExperiences: [{ company: 'X', from: '2010-01-01', to: '2009-01-01' }] }, 'BAD_USER_INPUT', 'jobExperiences.0.to'],
      ] as const) {
        const res = await t.gql(UPDATE_PERSON, { id, input });
        expect(res.errors?.[0].extensions).toMatchObject({ code, field });
      }
      const stale = await t.gql(UPDATE_PERSON, { id, input: { lastName: 'Rock' }, v: 1 });
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
      // Asked of the subgraph itself: the gateway reports a subgraph's HTTP 400 for a bad scalar variable as INTERNAL_SERVER_ERROR.
      const badDate = await t.gql(UPDATE_PERSON, { id, input: { jobExperiences: [{ company: 'X', from: '2010-02-30' }] } }, { url: t.system.urls.contacts });
      expect(badDate.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const [after] = await db().query(`SELECT * FROM contacts.person WHERE id = $1`, [id]);
      expect(after).toEqual(before);
      expect((await t.gql(UPDATE_PERSON, { id: randomUUID(), input: {} })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    });
  });

  describe('mergePersons', () => {
    it('moves contacts, the person-account link and user links to the kept person, copies fields, removes the merged one, records it', async () => {
      const [a, b, c] = [await account(), await account(), await account()];
      const personAccount = await account('PERSON', 'Robert Brown');
      // The kept record: a contact at B (not main there).
      const keptAtB0 = await contact({ accountId: b, lastName: 'First at B' });
      const keptAtB = await contact({ accountId: b, firstName: 'Rob', lastName: 'Brown', jobTitle: null, phone: '+1 555 0100' });
      const keep = keptAtB.person.id;
      await t.ok(UPDATE_PERSON, { id: keep, input: { socialLinks: [{ network: 'X', url: 'https://x.example/rob' }] } });
      // The merged record: its person account, contacts at A and at B (main there), and at C.
      const own = await contact({ accountId: personAccount, firstName: 'Robert', lastName: 'Brown', email: 'robert@home.example' });
      const merge = own.person.id;
      await t.ok(UPDATE_PERSON, { id: merge, input: { address: { line1: 'High St 2', countryCode: 'GB' }, socialLinks: [{ network: 'LinkedIn', url: 'https://li.example/robert' }] } });
      const mergedAtA = await contact({ accountId: a, personId: merge, lastName: undefined });
      const mergedAtB = await contact({ accountId: b, personId: merge, lastName: undefined, jobTitle: 'CFO', email: 'rb@b.example', isMain: true });
      await contact({ accountId: c, personId: merge, lastName: undefined });
      // Users linked to the merged person's contacts.
      const userA = await signedInUser('a');
      const userB = await signedInUser('b');
      await t.ok(LINK_USER, { u: userA, c: mergedAtA.id });
      await t.ok(LINK_USER, { u: userB, c: mergedAtB.id });

      const before = await counts();
      const merged = (await t.ok(MERGE, { keep, merge, take: ['FIRST_NAME', 'ADDRESS'] })).mergePersons;
      expect(merged).toMatchObject({
        id: keep, fullName: 'Robert Brown', firstName: 'Robert', lastName: 'Brown', address: { line1: 'High St 2' },
        socialLinks: [{ network: 'X' }, { network: 'LinkedIn' }], account: { id: personAccount }, accounts: [{ id: personAccount }],
      });
      expect(merged.contacts.map((x: any) => x.account.id).sort()).toEqual([a, b, c].sort());

      // The merged person is gone; its contacts are the kept person's; at B, the kept contact stayed and became main.
      expect((await t.gql(`query($id: ID!) { person(id: $id) { id } }`, { id: merge })).data).toEqual({ person: null });
      expect(await count('person', 'id = $1', [merge])).toBe(0);
      expect(await counts()).toEqual({ persons: before.persons - 1, contacts: before.contacts - 1, links: before.links });
      const cardB = await t.ok(CARD, { id: b });
      expect(cardB.account.contacts.map((x: any) => x.id).sort()).toEqual([keptAtB0.id, keptAtB.id].sort());
      expect(cardB.account.mainContact.id).toBe(keptAtB.id);
      const keptContact = (await t.ok(`query($id: ID!) { contact(id: $id) { jobTitle email emailValid phone user { id } person { id } } }`, { id: keptAtB.id })).contact;
      expect(keptContact).toEqual({ jobTitle: 'CFO', email: 'rb@b.example', emailValid: true, phone: '+1 555 0100', user: { id: userB }, person: { id: keep } });
      const atA = (await t.ok(`query($id: ID!) { contact(id: $id) { person { id fullName } user { id } } }`, { id: mergedAtA.id })).contact;
      expect(atA).toEqual({ person: { id: keep, fullName: 'Robert Brown' }, user: { id: userA } });
      expect((await t.ok(CARD, { id: personAccount })).account.person.id).toBe(keep);

      // Recorded: who, when, kept, merged, fields taken, what moved.
      const [record] = await db().query(`SELECT * FROM contacts.person_merge WHERE merged_person_id = $1`, [merge]);
      expect(record).toMatchObject({
        kept_person_id: keep, fields_taken: ['FIRST_NAME', 'ADDRESS'], contacts_removed: [mergedAtB.id],
        person_accounts_moved: [personAccount], users_relinked: [userB], actor_id: expect.any(String),
      });
      expect(record.contacts_moved).toHaveLength(3);
      expect(record.merged_person).toMatchObject({ id: merge, firstName: 'Robert' });
      expect(record.merged_at).toBeInstanceOf(Date);
    });

    it('merging a person with itself is BAD_USER_INPUT; unknown persons NOT_FOUND; nothing written', async () => {
      const p = (await contact({ accountId: await account() })).person.id;
      const before = { ...(await counts()), merges: await count('person_merge') };
      const self = await t.gql(MERGE, { keep: p, merge: p });
      expect(self.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mergeId' });
      const unknown = await t.gql(MERGE, { keep: p, merge: randomUUID() });
      expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'mergeId' });
      const badEnum = await t.gql(MERGE, { keep: p, merge: randomUUID(), take: ['SHOE_SIZE'] });
      expect(badEnum.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect({ ...(await counts()), merges: await count('person_merge') }).toEqual(before);
    });
  });

  async function signedInUser(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const sub = randomUUID();
    const token = await mintToken(t.secret, { sub, roles: ['sales'], email: `${name}@login.example`, name: `User ${name}`, ...extra });
    await t.ok('{ me { id } }', {}, { token });
    return sub;
  }

  describe('users', () => {
    it('the first request makes the user record from the token; later requests write nothing', async () => {
      const sub = randomUUID();
      const token = await mintToken(t.secret, { sub, roles: ['viewer'], email: 'Ann@Login.example', name: 'Ann Admin' });
      const first = await t.gql('{ me { id email displayName crmAccount { id } crmContact { id } } }', {}, { token });
      expect(first.data.me).toEqual({ id: sub, email: 'Ann@Login.example', displayName: 'Ann Admin', crmAccount: null, crmContact: null });
      expect(await count('app_user', 'id = $1', [sub])).toBe(1);
      // A later request that asks nothing of the database runs no SQL at all.
      const later = await t.gql('{ __typename }', {}, { token, url: t.system.urls.contacts });
      expect(later.sqlStatements).toBe(0);
      // New claims for the same subject refresh the record.
      const renamed = await mintToken(t.secret, { sub, roles: ['viewer'], email: 'ann@new.example', name: 'Ann B.' });
      expect((await t.ok('{ me { email displayName } }', {}, { token: renamed })).me).toEqual({ email: 'ann@new.example', displayName: 'Ann B.' });
      // A token without email or name still gives a user.
      const bare = randomUUID();
      const bareToken = await mintToken(t.secret, { sub: bare, roles: ['viewer'] });
      expect((await t.ok('{ me { id email displayName } }', {}, { token: bareToken })).me).toEqual({ id: bare, email: '', displayName: bare });
    });

    it('never makes a user for the service identity', async () => {
      const before = await count('app_user');
      const service = await mintToken(t.secret, { sub: 'service:accounts', roles: ['service'], name: 'accounts' });
      const r = await t.gql('{ me { id displayName } }', {}, { token: service, url: t.system.urls.contacts });
      expect(r.data.me).toEqual({ id: 'service:accounts', displayName: 'accounts (service)' });
      expect(await count('app_user')).toBe(before);
    });

    it('resolves users referenced by other subgraphs: stored, services, and users without a record yet', async () => {
      const stored = await signedInUser('ref');
      const unknown = randomUUID();
      const r = await t.gql(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email displayName } } }`,
        { r: [{ __typename: 'User', id: stored }, { __typename: 'User', id: 'service:credit-control' }, { __typename: 'User', id: unknown }] },
        { url: t.system.urls.contacts },
      );
      expect(r.data._entities).toEqual([
        { id: stored, email: 'ref@login.example', displayName: 'User ref' },
        { id: 'service:credit-control', email: '', displayName: 'credit-control (service)' },
        { id: unknown, email: '', displayName: 'Unknown user' },
      ]);
    });

    it('linkUser links a user to a CRM account and a contact of it; the emails stay separate', async () => {
      const [a, b] = [await account('COMPANY', 'Bodywork Group Elfsquad'), await account()];
      const sellerContact = await contact({ accountId: a, firstName: 'Lisa', lastName: 'Seller', email: 'lisa@bodywork.example' });
      const otherContact = await contact({ accountId: b, lastName: 'Other' });
      const userId = await signedInUser('lisa');

      const accountOnly = (await t.ok(LINK_USER, { u: userId, a })).linkUser;
      expect(accountOnly).toEqual({ id: userId, email: 'lisa@login.example', displayName: 'User lisa', crmAccount: { id: a, name: 'Bodywork Group Elfsquad' }, crmContact: null });
      const both = (await t.ok(LINK_USER, { u: userId, a, c: sellerContact.id })).linkUser;
      expect(both.crmContact).toEqual({ id: sellerContact.id, email: 'lisa@bodywork.example' });
      expect(both.email).toBe('lisa@login.example');
      const viaContact = await t.ok(`query($id: ID!) { contact(id: $id) { user { id email crmAccount { name } } } }`, { id: sellerContact.id });
      expect(viaContact.contact.user).toEqual({ id: userId, email: 'lisa@login.example', crmAccount: { name: 'Bodywork Group Elfsquad' } });

      // A contact of another account is refused, nothing changes.
      const wrong = await t.gql(LINK_USER, { u: userId, a, c: otherContact.id });
      expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contactId' });
      // Another user on a linked contact is a conflict.
      const second = await signedInUser('second');
      const taken = await t.gql(LINK_USER, { u: second, c: sellerContact.id });
      expect(taken.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'contactId' });
      const [row] = await db().query(`SELECT crm_account_id, crm_contact_id FROM contacts.app_user WHERE id = $1`, [userId]);
      expect(row).toEqual({ crm_account_id: a, crm_contact_id: sellerContact.id });

      // The signed-in user sees the link; unknown users and accounts are NOT_FOUND.
      const lisaToken = await mintToken(t.secret, { sub: userId, roles: ['sales'], email: 'lisa@login.example', name: 'User lisa' });
      expect((await t.ok('{ me { crmAccount { id } crmContact { id } } }', {}, { token: lisaToken })).me).toEqual({ crmAccount: { id: a }, crmContact: { id: sellerContact.id } });
      expect((await t.gql(LINK_USER, { u: randomUUID(), a })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'userId' });
      expect((await t.gql(LINK_USER, { u: userId, a: randomUUID() })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'accountId' });
      // Deleting the contact drops the contact link, not the account link; no arguments unlink.
      await t.ok(DELETE, { id: sellerContact.id });
      expect((await t.ok('{ me { crmAccount { id } crmContact { id } } }', {}, { token: lisaToken })).me).toEqual({ crmAccount: { id: a }, crmContact: null });
      expect((await t.ok(LINK_USER, { u: userId })).linkUser).toMatchObject({ crmAccount: null, crmContact: null });
    });
  });

  describe('contacts(filter, first, after)', () => {
    let accountId: string;
    const names = ['Anna Alpha', 'Bert Beta', 'Carl Gamma', 'Dora Delta', 'Emil 100%_Epsilon'];
    beforeAll(async () => {
      accountId = await account();
      for (const n of names) {
        const [firstName, lastName] = n.split(' ');
        await contact({ accountId, firstName, lastName, email: `${firstName.toLowerCase()}@list.example` });
      }
    });
    const LIST = `query($f: ContactFilter, $first: Int, $after: String) {
      contacts(filter: $f, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { fullName email } } }
    }`;

    it('pages by account with keyset cursors and counts', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 5; i++) {
        const { contacts }: any = await t.ok(LIST, { f: { accountId }, first: 2, after });
        expect(contacts.totalCount).toBe(5);
        seen.push(...contacts.edges.map((e: any) => e.node.fullName));
        if (!contacts.pageInfo.hasNextPage) break;
        after = contacts.pageInfo.endCursor;
      }
      expect(seen).toEqual([...names].sort());
    });

    it('searches names and email in any case, literally; matches an exact email', async () => {
      const search = async (s: string) => (await t.ok(LIST, { f: { accountId, search: s } })).contacts.edges.map((e: any) => e.node.fullName);
      expect(await search('ALPHA')).toEqual(['Anna Alpha']);
      expect(await search('bert@list')).toEqual(['Bert Beta']);
      expect(await search('100%_')).toEqual(['Emil 100%_Epsilon']);
      expect(await search('%')).toEqual(['Emil 100%_Epsilon']);
      const exact = await t.ok(LIST, { f: { email: 'DORA@list.example' } });
      expect(exact.contacts.edges.map((e: any) => e.node.fullName)).toEqual(['Dora Delta']);
      expect(exact.contacts.totalCount).toBe(1);
      expect((await t.ok(LIST, { f: { email: 'dora@list' } })).contacts.totalCount).toBe(0);
    });

    it('across accounts: pages over all contacts without repeats', async () => {
      const all = await count('contact');
      const ids = new Set<string>();
      let after: string | null = null;
      let pages = 0;
      do {
        const { contacts }: any = await t.ok(`query($after: String) { contacts(first: 200, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`, { after });
        for (const e of contacts.edges) ids.add(e.node.id);
        after = contacts.pageInfo.hasNextPage ? contacts.pageInfo.endCursor : null;
        pages++;
      } while (after && pages < 20);
      expect(ids.size).toBeGreaterThanOrEqual(all - 50); // other tests may add contacts meanwhile
    });

    it('refuses bad paging arguments', async () => {
      for (const vars of [{ first: 201 }, { first: -1 }, { after: 'garbage' }, { after: Buffer.from('[1,2]').toString('base64url') }, { f: { accountId: 'x' } }]) {
        const r = await t.gql(LIST, vars);
        expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      }
      expect((await t.gql(LIST, { f: { accountId: randomUUID() } })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'filter.accountId' });
    });
  });

  describe('rights', () => {
    it('writes need contact:write', async () => {
      const accountId = await account();
      const c = await contact({ accountId });
      const viewer = await t.token({ roles: ['viewer'] });
      const finance = await t.token({ roles: ['finance'] });
      for (const token of [viewer, finance]) {
        for (const [query, vars] of [
          [CREATE, { input: { accountId, lastName: 'X' } }],
          [UPDATE, { id: c.id, input: { jobTitle: 'X' } }],
          [DELETE, { id: c.id }],
          [SET_MAIN, { id: c.id }],
          [BOUNCED, { email: 'a@b.example' }],
          [UPDATE_PERSON, { id: c.person.id, input: { lastName: 'X' } }],
          [MERGE, { keep: c.person.id, merge: randomUUID() }],
          [LINK_USER, { u: randomUUID() }],
        ] as const) {
          const r = await t.gql(query, vars, { token });
          expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', right: 'contact:write' });
        }
      }
      // Reading is allowed.
      expect((await t.ok(`query($id: ID!) { contact(id: $id) { id } }`, { id: c.id }, { token: viewer })).contact).toEqual({ id: c.id });
    });

    it('portal users read and write only the contacts of their own account', async () => {
      const own = await account();
      const other = await account();
      const ownContact = await contact({ accountId: own, email: uniqueEmail('portal') });
      const otherContact = await contact({ accountId: other, email: 'shared@portal.example' });
      await contact({ accountId: own, lastName: 'Shared', email: 'shared@portal.example' });
      const portal = await t.token({ roles: ['portal'], accountId: own });

      const mine = await contact({ accountId: own, lastName: 'Portal Made' }, portal);
      expect(mine.account.id).toBe(own);
      expect((await t.ok(UPDATE, { id: ownContact.id, input: { jobTitle: 'Self-served' } }, { token: portal })).updateContact.jobTitle).toBe('Self-served');

      const before = await counts();
      const elsewhere = await t.gql(CREATE, { input: { accountId: other, lastName: 'Intruder' } }, { token: portal });
      expect(elsewhere.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'accountId' });
      for (const [query, vars] of [
        [UPDATE, { id: otherContact.id, input: { jobTitle: 'Hacked' } }],
        [DELETE, { id: otherContact.id }],
        [SET_MAIN, { id: otherContact.id }],
        [UPDATE_PERSON, { id: otherContact.person.id, input: { lastName: 'Hacked' } }],
      ] as const) {
        expect((await t.gql(query, vars, { token: portal })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      }
      // A person linked to the portal's account alone may be edited there; one also linked elsewhere may not.
      expect((await t.ok(UPDATE_PERSON, { id: ownContact.person.id, input: { firstName: 'Self' } }, { token: portal })).updatePerson.firstName).toBe('Self');
      const sharedPerson = await contact({ accountId: own, personId: otherContact.person.id, lastName: undefined });
      const shared = await t.gql(UPDATE_PERSON, { id: sharedPerson.person.id, input: { lastName: 'Hacked' }, p: true }, { token: portal });
      expect(shared.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      await t.ok(DELETE, { id: sharedPerson.id });
      expect((await t.gql(LINK_USER, { u: randomUUID(), a: own }, { token: portal })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      // Using another account's person would show that person to the portal user.
      const borrowed = await t.gql(CREATE, { input: { accountId: own, personId: otherContact.person.id } }, { token: portal });
      expect(borrowed.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'personId' });
      expect(await counts()).toEqual(before);
      // Bounces are the mail system's news, reported by staff: not by portal users.
      expect((await t.gql(BOUNCED, { email: 'shared@portal.example' }, { token: portal })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await counts()).toEqual(before);
      expect((await t.ok(`query($id: ID!) { contact(id: $id) { emailValid } }`, { id: otherContact.id })).contact.emailValid).toBe(true);

      expect((await t.ok(`query($id: ID!) { contact(id: $id) { id } }`, { id: otherContact.id }, { token: portal })).contact).toBeNull();
      expect((await t.ok(`query($id: ID!) { person(id: $id) { id } }`, { id: otherContact.person.id }, { token: portal })).person).toBeNull();
      const list = await t.ok(`{ contacts(first: 200) { totalCount edges { node { account { id } } } } }`, {}, { token: portal });
      expect(new Set(list.contacts.edges.map((e: any) => e.node.account.id))).toEqual(new Set([own]));
      expect(list.contacts.totalCount).toBe(await count('contact', 'account_id = $1', [own]));
      const foreign = await t.gql(`query($a: ID!) { contacts(filter: { accountId: $a }) { totalCount } }`, { a: other }, { token: portal });
      expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'filter.accountId' });
      // Even asking this subgraph directly for another account's contacts gives none.
      const direct = await t.gql(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { contacts { id } mainContact { id } } } }`,
        { r: [{ __typename: 'Account', id: other }] },
        { token: portal, url: t.system.urls.contacts },
      );
      expect(direct.data._entities).toEqual([{ contacts: [], mainContact: null }]);
    });
  });

  describe('DataLoaders', () => {
    it('an _entities call for N accounts costs the same SQL as for one', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const id = await account(i === 0 ? 'PERSON' : 'COMPANY');
        ids.push(id);
        await contact({ accountId: id, lastName: `Loader ${i}` });
        if (i > 0) await contact({ accountId: id, lastName: `Loader ${i}b` });
      }
      const QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { contacts { fullName } mainContact { id } person { fullName } } } }`;
      const service = await mintToken(t.secret, { sub: 'service:test', roles: ['service'] });
      const statements = async (n: number) => {
        // As the service: a user would need accounts' visibility stamp on each representation (see test/access).
        const r = await t.gql(QUERY, { r: ids.slice(0, n).map((id) => ({ __typename: 'Account', id })) }, { url: t.system.urls.contacts, token: service });
        expect(r.errors).toBeUndefined();
        return r.sqlStatements;
      };
      const one = await statements(1);
      expect(one).toBeGreaterThanOrEqual(1);
      expect(one).toBeLessThanOrEqual(2);
      expect(await statements(6)).toBe(one);
    });

    it('a page of contacts with persons, their roles, users and accounts costs the same for 3 rows as for 12', async () => {
      const accountId = await account();
      for (let i = 0; i < 12; i++) await contact({ accountId, lastName: `Paged ${String(i).padStart(2, '0')}` });
      const QUERY = `query($a: ID!, $n: Int) { contacts(filter: { accountId: $a }, first: $n) {
        edges { node { fullName account { id name } user { id } person { fullName account { id } contacts { id } } } } } }`;
      const three = await t.gql(QUERY, { a: accountId, n: 3 });
      const twelve = await t.gql(QUERY, { a: accountId, n: 12 });
      expect(three.errors).toBeUndefined();
      expect(twelve.data.contacts.edges).toHaveLength(12);
      expect(twelve.sqlStatements).toBe(three.sqlStatements);
    });
  });
});
