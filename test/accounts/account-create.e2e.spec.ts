import { startTestSystem, type TestSystem } from '../support/system';
import { accountInput, CREATE, count, counts, createAccount, resetSettings, SETTINGS, TYPE, UPDATE } from './helpers';

const HUGE = 'x'.repeat(100_000);

describe('accounts: create, fields and validation, settings, codes, rights', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(() => t?.stop());
  afterEach(() => resetSettings(t));

  describe('every bad input is BAD_USER_INPUT with the field, and nothing is written', () => {
    const line = (patch: Record<string, unknown>) => ({ address: { line1: 'Main St 1', countryCode: 'NL', ...patch } });
    it.each<[string, Record<string, unknown>, string]>([
      ['an empty name', { name: '' }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a 100,000-character name', { name: HUGE }, 'name'],
      ['an empty address line', line({ line1: ' ' }), 'address.line1'],
      ['a 100,000-character address line', line({ line1: HUGE }), 'address.line1'],
      ['a 100,000-character second line', line({ line2: HUGE }), 'address.line2'],
      ['a 100,000-character postcode', line({ postcode: HUGE }), 'address.postcode'],
      ['a 100,000-character city', line({ city: HUGE }), 'address.city'],
      ['a 100,000-character state code', line({ stateCode: HUGE }), 'address.stateCode'],
      ['an unknown country', line({ countryCode: 'XX' }), 'address.countryCode'],
      ['a three-letter country', line({ countryCode: 'NLD' }), 'address.countryCode'],
      ['an empty country', line({ countryCode: '' }), 'address.countryCode'],
      ['a bad country in a billing address', { billingAddresses: [{ line1: 'a', countryCode: 'ZZ' }] }, 'billingAddresses[0].countryCode'],
      ['a shipping address without a line', { shippingAddresses: [{ line1: 'a', countryCode: 'NL' }, { line1: '', countryCode: 'NL' }] }, 'shippingAddresses[1].line1'],
      ['too many billing addresses', { billingAddresses: Array.from({ length: 21 }, () => ({ line1: 'a', countryCode: 'NL' })) }, 'billingAddresses'],
      ['an unknown currency', { currency: 'EUX' }, 'currency'],
      ['a currency that is not a code', { currency: 'Euro' }, 'currency'],
      ['a 100,000-character currency', { currency: HUGE }, 'currency'],
      ['a bad email', { email: 'not-an-email' }, 'email'],
      ['an email without a domain', { email: 'someone@' }, 'email'],
      ['a 100,000-character email', { email: `${HUGE}@example.com` }, 'email'],
      ['a javascript: website', { website: 'javascript:alert(1)' }, 'website'],
      ['an ftp website', { website: 'ftp://example.com' }, 'website'],
      ['a website that is no URL', { website: 'www example com' }, 'website'],
      ['a 100,000-character website', { website: `https://example.com/${HUGE}` }, 'website'],
      ['rating 0', { rating: 0 }, 'rating'],
      ['rating 8', { rating: 8 }, 'rating'],
      ['a negative security level', { securityLevel: -1 }, 'securityLevel'],
      ['a phone of letters', { phone: 'call me' }, 'phone'],
      ['a 100,000-character phone', { phone: '1'.repeat(100_000) }, 'phone'],
      ['a phone extension of letters', { phoneExtension: 'ext' }, 'phoneExtension'],
      ['a fax of letters', { fax: 'none' }, 'fax'],
      ['a 100,000-character code', { code: HUGE }, 'code'],
      ['a code with markup', { code: '<b>1</b>' }, 'code'],
      ['a 100,000-character external id', { externalId: HUGE }, 'externalId'],
      ['a 100,000-character classification', { classification: HUGE }, 'classification'],
      ['a 100,000-character source', { source: HUGE }, 'source'],
      ['a 100,000-character contract number', { contractNumber: HUGE }, 'contractNumber'],
      ['100,000 characters of remarks', { remarks: `<p>${HUGE}</p>` }, 'remarks'],
      ['a malformed owner id', { ownerId: 'not-a-uuid' }, 'ownerId'],
      ['an undefined free field', { freeFields: [{ key: 'nope', value: '1' }] }, 'freeFields.nope'],
    ])('%s', async (_what, patch, field) => {
      const before = await counts(t);
      const r = await t.gql(CREATE, { input: accountInput(patch) });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(r.data).toBeNull();
      expect(await counts(t)).toEqual(before);
    });

    it('a wrong enum or a float rating is refused before any resolver runs', async () => {
      const before = await counts(t);
      for (const patch of [{ type: 'EMPEROR' }, { kind: 'ROBOT' }, { rating: 2.5 }]) {
        const r = await t.gql(CREATE, { input: accountInput(patch) });
        expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      }
      expect(await counts(t)).toEqual(before);
    });

    it('an impossible date is refused and nothing is written', async () => {
      const before = await counts(t);
      const direct = await t.gql(CREATE, { input: accountInput({ typeSince: '2024-02-30' }) }, { url: t.system.urls.accounts });
      expect(direct.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      // Through the gateway too (custom scalars are checked by the subgraph; the gateway reports its 400 as an error).
      expect((await t.gql(CREATE, { input: accountInput({ typeSince: '2024-02-30' }) })).errors?.length).toBeGreaterThan(0);
      expect(await counts(t)).toEqual(before);
    });

    it('a taken external id', async () => {
      const a = await createAccount(t, { externalId: `ERP-${Date.now()}` });
      const before = await counts(t);
      const r = await t.gql(CREATE, { input: accountInput({ externalId: a.externalId }) });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'externalId' });
      expect(await counts(t)).toEqual(before);
    });
  });

  it('stores every field, trimmed and normalised', async () => {
    const a = await createAccount(t, {
      name: '  Acme Trading B.V.  ',
      kind: 'COMPANY',
      type: 'PROSPECT',
      typeSince: '2024-03-01',
      externalId: ' ERP-77 ',
      address: { line1: 'Keizersgracht 1', line2: '2nd floor', postcode: '1015 cj', city: 'Amsterdam', stateCode: 'nh', countryCode: 'nl' },
      billingAddresses: [{ line1: 'Postbus 12', postcode: '1000 AA', city: 'Amsterdam', countryCode: 'NL' }],
      shippingAddresses: [{ line1: 'Havenweg 3', city: 'Zaandam', countryCode: 'NL' }],
      website: 'https://acme.example',
      email: 'info@acme.example',
      phone: '+31 (0)20 123 45 67',
      phoneExtension: '12',
      fax: '+31 20 123 45 68',
      currency: 'usd',
      classification: 'A',
      rating: 1,
      source: 'Trade fair',
      securityLevel: 3,
      contractNumber: 'C-1',
    });
    expect(a).toMatchObject({
      name: 'Acme Trading B.V.',
      type: 'PROSPECT',
      typeSince: '2024-03-01',
      status: 'ACTIVE',
      externalId: 'ERP-77',
      address: { line1: 'Keizersgracht 1', line2: '2nd floor', postcode: '1015 CJ', city: 'Amsterdam', stateCode: 'NH', countryCode: 'NL' },
      billingAddresses: [{ line1: 'Postbus 12', city: 'Amsterdam', countryCode: 'NL' }],
      shippingAddresses: [{ line1: 'Havenweg 3', city: 'Zaandam', countryCode: 'NL' }],
      currency: 'USD',
      rating: 1,
      securityLevel: 3,
      version: 1,
      deletedAt: null,
    });
    expect(Date.now() - Date.parse(a.statusSince)).toBeLessThan(60_000);
  });

  it('sanitises remarks: formatting kept; scripts, event handlers and javascript: URLs dropped', async () => {
    const a = await createAccount(t, {
      remarks:
        '<p onclick="steal()">Good <b>customer</b>, <i>pays</i> on time.</p><script>alert(1)</script>' +
        '<ul><li>one</li></ul><a href="javascript:alert(1)">bad</a> <a href="https://example.com">site</a><img src=x onerror=alert(1)>',
    });
    expect(a.remarks).toBe('<p>Good <b>customer</b>, <i>pays</i> on time.</p><ul><li>one</li></ul><a>bad</a> <a href="https://example.com">site</a>');
    const plain = await createAccount(t, { remarks: 'a < b & c' });
    expect(plain.remarks).toBe('a &lt; b &amp; c');
  });

  describe('postcode to city', () => {
    it('fills the city from an earlier address with that postcode in that country', async () => {
      await createAccount(t, { address: { line1: 'Stadsring 10', postcode: '3811 HN', city: 'Amersfoort', countryCode: 'NL' } });
      const b = await createAccount(t, { address: { line1: 'Stadsring 20', postcode: '3811hn', countryCode: 'NL' } });
      expect(b.address.city).toBe('Amersfoort');
      const other = await createAccount(t, { address: { line1: 'Rue 1', postcode: '3811 HN', countryCode: 'BE' } });
      expect(other.address.city).toBeNull();
      const given = await createAccount(t, { address: { line1: 'Stadsring 30', postcode: '3811 HN', city: 'Hoogland', countryCode: 'NL' } });
      expect(given.address.city).toBe('Hoogland');
      const unknown = await createAccount(t, { address: { line1: 'x 1', postcode: '9999 ZZ', countryCode: 'NL' } });
      expect(unknown.address.city).toBeNull();
    });

    it('on update and in billing addresses too', async () => {
      await createAccount(t, { address: { line1: 'Markt 1', postcode: '5611 EB', city: 'Eindhoven', countryCode: 'NL' } });
      const a = await createAccount(t);
      const { updateAccount } = await t.ok(UPDATE, {
        id: a.id,
        input: { address: { line1: 'Markt 2', postcode: '5611EB', countryCode: 'NL' }, billingAddresses: [{ line1: 'Markt 3', postcode: '5611 eb', countryCode: 'NL' }] },
      });
      expect(updateAccount.address.city).toBe('Eindhoven');
      expect(updateAccount.billingAddresses[0].city).toBe('Eindhoven');
    });
  });

  describe('codes', () => {
    const maxNumeric = async (): Promise<bigint> => {
      const [{ m }] = await t.dataSource('accounts').query(`SELECT coalesce(max(code::numeric), 0)::text AS m FROM accounts.account WHERE code ~ '^[0-9]{1,30}$'`);
      return BigInt(m);
    };

    it('keeps a free code; replaces a taken one by the next free numeric code', async () => {
      const code = `K-${Date.now()}`;
      const a = await createAccount(t, { code });
      expect(a.code).toBe(code);
      const max = await maxNumeric();
      const b = await createAccount(t, { code });
      expect(b.code).toBe(String(max + 1n));
    });

    it('generates codes from codePrefix and a sequence, skipping taken codes', async () => {
      await t.ok(SETTINGS, { input: { codePrefix: 'DEB' } });
      const taken = await createAccount(t, { code: 'DEB2' });
      expect(taken.code).toBe('DEB2');
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await createAccount(t)).code);
      expect(codes).toEqual(['DEB1', 'DEB3', 'DEB4']);
    });

    it('without a prefix, generated codes are the next free numeric code', async () => {
      const max = await maxNumeric();
      expect((await createAccount(t)).code).toBe(String(max + 1n));
    });

    it('two creates with the same code at the same time both succeed, with different codes', async () => {
      const code = `SAME-${Date.now()}`;
      const results = await Promise.all(Array.from({ length: 8 }, () => t.gql(CREATE, { input: accountInput({ code }) })));
      for (const r of results) expect(r.errors).toBeUndefined();
      const codes = results.map((r) => r.data.createAccount.code);
      expect(new Set(codes).size).toBe(8);
      expect(codes.filter((c) => c === code)).toHaveLength(1);
    });

    it('concurrent creates without a code get distinct codes', async () => {
      await t.ok(SETTINGS, { input: { codePrefix: 'PAR' } });
      const results = await Promise.all(Array.from({ length: 8 }, () => t.gql(CREATE, { input: accountInput() })));
      const codes = results.map((r) => r.data?.createAccount.code);
      expect(codes.every((c) => /^PAR\d+$/.test(c))).toBe(true);
      expect(new Set(codes).size).toBe(8);
    });
  });

  describe('currency', () => {
    it('defaults to the base currency, and cannot change afterwards', async () => {
      await t.ok(SETTINGS, { input: { baseCurrency: 'chf' } });
      const a = await createAccount(t);
      expect(a.currency).toBe('CHF');
      const same = await t.gql(UPDATE, { id: a.id, input: { currency: 'CHF', name: 'Renamed AG' } });
      expect(same.errors).toBeUndefined();
      expect(same.data.updateAccount).toMatchObject({ currency: 'CHF', name: 'Renamed AG', version: 2 });
      const before = await counts(t);
      const other = await t.gql(UPDATE, { id: a.id, input: { currency: 'EUR', name: 'Not saved' } });
      expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });
      expect(await counts(t)).toEqual(before);
    });
  });

  describe('settings', () => {
    it('is one row, readable by anyone, changed only with account:settings', async () => {
      const viewer = await t.token({ roles: ['viewer'] });
      const r = await t.ok(`{ accountSettings { typeSelect securityCheckRoles contractMandatory baseCurrency codePrefix mandatoryFields } }`, {}, { token: viewer });
      expect(r.accountSettings).toEqual({ typeSelect: true, securityCheckRoles: true, contractMandatory: false, baseCurrency: 'EUR', codePrefix: '', mandatoryFields: [] });
      for (const roles of [['sales'], ['finance'], ['viewer']] as const) {
        const res = await t.gql(SETTINGS, { input: { typeSelect: false } }, { token: await t.token({ roles: [...roles] }) });
        expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      expect(await count(t, 'account_settings')).toBe(1);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an unknown mandatory field', { mandatoryFields: ['shoeSize'] }, 'mandatoryFields'],
      ['a free field that is not defined as mandatory', { mandatoryFields: ['freeFields.nope'] }, 'mandatoryFields'],
      ['a bad base currency', { baseCurrency: 'XXY' }, 'baseCurrency'],
      ['a prefix with spaces', { codePrefix: 'A B' }, 'codePrefix'],
      ['a numeric prefix', { codePrefix: '12' }, 'codePrefix'],
      ['a default rating of 9', { defaultRating: 9 }, 'defaultRating'],
      ['a huge default classification', { defaultClassification: HUGE }, 'defaultClassification'],
      ['a bad free field key', { freeFieldDefinitions: [{ key: 'has space', label: 'x', type: 'TEXT' }] }, 'freeFieldDefinitions[0].key'],
      ['a free field defined twice', { freeFieldDefinitions: [{ key: 'a', label: 'x', type: 'TEXT' }, { key: 'a', label: 'y', type: 'TEXT' }] }, 'freeFieldDefinitions[1].key'],
    ])('refuses %s', async (_what, input, field) => {
      const before = await t.ok(`{ accountSettings { version } }`);
      const r = await t.gql(SETTINGS, { input });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await t.ok(`{ accountSettings { version } }`)).toEqual(before);
    });

    it('typeSelect off: only NOT_VALIDATED accounts can be created', async () => {
      await t.ok(SETTINGS, { input: { typeSelect: false } });
      const before = await counts(t);
      const r = await t.gql(CREATE, { input: accountInput({ type: 'CUSTOMER' }) });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'type' });
      expect(await counts(t)).toEqual(before);
      expect((await createAccount(t, { type: 'NOT_VALIDATED' })).type).toBe('NOT_VALIDATED');
    });

    it('contractMandatory: a CUSTOMER needs a contract number, on create, update and type change', async () => {
      await t.ok(SETTINGS, { input: { contractMandatory: true } });
      const before = await counts(t);
      const r = await t.gql(CREATE, { input: accountInput({ type: 'CUSTOMER' }) });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contractNumber' });
      expect(await counts(t)).toEqual(before);
      const customer = await createAccount(t, { type: 'CUSTOMER', contractNumber: 'K-2024-001' });
      const cleared = await t.gql(UPDATE, { id: customer.id, input: { contractNumber: null } });
      expect(cleared.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contractNumber' });
      const lead = await createAccount(t, { type: 'LEAD' });
      const convert = await t.gql(TYPE, { id: lead.id, type: 'CUSTOMER' });
      expect(convert.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contractNumber' });
      const ok = await t.ok(TYPE, { id: lead.id, type: 'CUSTOMER', contractNumber: 'K-2024-002' });
      expect(ok.changeAccountType).toMatchObject({ type: 'CUSTOMER', contractNumber: 'K-2024-002', version: 2 });
    });

    it('mandatoryFields: the extra fields must be given', async () => {
      await t.ok(SETTINGS, {
        input: { mandatoryFields: ['email', 'address.postcode', 'freeFields.segment'], freeFieldDefinitions: [{ key: 'segment', label: 'Segment', type: 'TEXT' }] },
      });
      const full = { email: 'x@example.com', address: { line1: 'a 1', postcode: '1000 AA', countryCode: 'NL' }, freeFields: [{ key: 'segment', value: 'Retail' }] };
      for (const [patch, field] of [
        [{ email: null }, 'email'],
        [{ address: { line1: 'a 1', countryCode: 'NL' } }, 'address.postcode'],
        [{ freeFields: [] }, 'freeFields.segment'],
      ] as const) {
        const before = await counts(t);
        const r = await t.gql(CREATE, { input: accountInput({ ...full, ...patch }) });
        expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
        expect(await counts(t)).toEqual(before);
      }
      const a = await createAccount(t, full);
      const clear = await t.gql(UPDATE, { id: a.id, input: { email: '' } });
      expect(clear.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    });

    it('applies the default rating, classification and source on create', async () => {
      await t.ok(SETTINGS, { input: { defaultRating: 4, defaultClassification: 'B', defaultSource: 'Internet' } });
      expect(await createAccount(t)).toMatchObject({ rating: 4, classification: 'B', source: 'Internet' });
      expect(await createAccount(t, { rating: 1, classification: 'A', source: 'Phone' })).toMatchObject({ rating: 1, classification: 'A', source: 'Phone' });
    });

    it('validates free fields against their definitions', async () => {
      await t.ok(SETTINGS, {
        input: {
          freeFieldDefinitions: [
            { key: 'employees', label: 'Employees', type: 'NUMBER' },
            { key: 'founded', label: 'Founded', type: 'DATE' },
            { key: 'vip', label: 'VIP', type: 'BOOLEAN' },
            { key: 'segment', label: 'Segment', type: 'TEXT' },
          ],
        },
      });
      for (const [ff, field] of [
        [{ key: 'employees', value: 'many' }, 'freeFields.employees'],
        [{ key: 'founded', value: '2020-13-01' }, 'freeFields.founded'],
        [{ key: 'vip', value: 'maybe' }, 'freeFields.vip'],
        [{ key: 'segment', value: HUGE }, 'freeFields.segment'],
      ] as const) {
        const before = await counts(t);
        const r = await t.gql(CREATE, { input: accountInput({ freeFields: [ff] }) });
        expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
        expect(await counts(t)).toEqual(before);
      }
      const a = await createAccount(t, {
        freeFields: [
          { key: 'vip', value: 'TRUE' },
          { key: 'employees', value: '120' },
          { key: 'founded', value: '1998-05-01' },
        ],
      });
      expect(a.freeFields).toEqual([
        { key: 'employees', value: '120' },
        { key: 'founded', value: '1998-05-01' },
        { key: 'vip', value: 'true' },
      ]);
      const { updateAccount } = await t.ok(UPDATE, { id: a.id, input: { freeFields: [{ key: 'vip', value: null }, { key: 'segment', value: 'Retail' }] } });
      expect(updateAccount.freeFields).toEqual([
        { key: 'employees', value: '120' },
        { key: 'founded', value: '1998-05-01' },
        { key: 'segment', value: 'Retail' },
      ]);
    });
  });

  describe('rights', () => {
    it('securityCheckRoles on (default): creating and editing need account:create / account:update', async () => {
      const finance = await t.token({ roles: ['finance'] });
      const sales = await t.token({ roles: ['sales'] });
      const before = await counts(t);
      const r = await t.gql(CREATE, { input: accountInput() }, { token: finance });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', right: 'account:create' });
      expect(await counts(t)).toEqual(before);
      const a = await createAccount(t, {}, sales);
      expect((await t.ok(UPDATE, { id: a.id, input: { phone: '+31 20 000 0000' } }, { token: finance })).updateAccount.version).toBe(2);
    });

    it('securityCheckRoles off: any writing role may create and edit', async () => {
      await t.ok(SETTINGS, { input: { securityCheckRoles: false } });
      const finance = await t.token({ roles: ['finance'] });
      expect((await createAccount(t, {}, finance)).version).toBe(1);
    });

    it('viewers and portal users never write, whatever the settings', async () => {
      const a = await createAccount(t);
      for (const check of [true, false]) {
        await t.ok(SETTINGS, { input: { securityCheckRoles: check } });
        for (const token of [await t.token({ roles: ['viewer'] }), await t.token({ roles: ['portal'], accountId: a.id }), await t.token({ roles: [] })]) {
          const before = await counts(t);
          expect((await t.gql(CREATE, { input: accountInput() }, { token })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
          expect((await t.gql(UPDATE, { id: a.id, input: { name: 'Hacked' } }, { token })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
          expect(await counts(t)).toEqual(before);
        }
      }
    });
  });
});
