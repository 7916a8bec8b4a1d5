import { randomUUID } from 'node:crypto';
import { createSubgraphDataSource, initializeDataSource } from '../common';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { CreateContact1767225600000 } from './migrations/1767225600000-CreateContact';
import { migrations } from './migrations';
import { composeFullName } from './person.entity';

describe('composeFullName', () => {
  const name = (o: Partial<Parameters<typeof composeFullName>[0]>) =>
    composeFullName({ initials: null, firstName: null, middleName: null, lastName: 'Berg', suffix: null, ...o });

  it.each([
    [{ firstName: 'Jan', middleName: 'van der', suffix: 'Jr.' }, 'Jan van der Berg Jr.'],
    [{ initials: 'J.P.', middleName: 'van der' }, 'J.P. van der Berg'],
    [{ initials: 'J.P.', firstName: 'Jan' }, 'Jan Berg'],
    [{}, 'Berg'],
    [{ firstName: '  ', suffix: 'PhD' }, 'Berg PhD'],
  ])('%j -> %s', (parts, expected) => expect(name(parts)).toBe(expected));
});

describe('contacts migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('give contacts made before persons existed a person each, and keep their main contact', async () => {
    const before = createSubgraphDataSource({ schema: 'contacts', url: db.url, entities: [], migrations: [CreateContact1767225600000] });
    await initializeDataSource(before, 'contacts');
    const [account, contact, other] = [randomUUID(), randomUUID(), randomUUID()];
    await before.query(
      `INSERT INTO contacts.contact (id, account_id, full_name, email, is_main) VALUES ($1, $2, 'Ada Lovelace', 'ada@example.com', true), ($3, $2, 'Charles Babbage', null, false)`,
      [contact, account, other],
    );
    await before.destroy();

    const after = createSubgraphDataSource({ schema: 'contacts', url: db.url, entities: [], migrations });
    try {
      await initializeDataSource(after, 'contacts');
      const rows = await after.query(
        `SELECT c.id, c.is_main, c.email, c.email_valid, p.last_name, p.full_name FROM contacts.contact c JOIN contacts.person p ON p.id = c.person_id ORDER BY p.full_name`,
      );
      expect(rows).toEqual([
        { id: contact, is_main: true, email: 'ada@example.com', email_valid: true, last_name: 'Ada Lovelace', full_name: 'Ada Lovelace' },
        { id: other, is_main: false, email: null, email_valid: false, last_name: 'Charles Babbage', full_name: 'Charles Babbage' },
      ]);
      // Migrations are idempotent across restarts.
      await after.runMigrations();
      expect(await after.query(`SELECT count(*)::int AS n FROM contacts.migrations`)).toEqual([{ n: 2 }]);
    } finally {
      await after.destroy();
    }
  });
});
