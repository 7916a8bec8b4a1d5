import { createHash } from 'node:crypto';
import { SingleBar, Presets } from 'cli-progress';
import type { Client } from 'pg';

/**
 * The benchmark dataset, written straight into each subgraph's tables with
 * server-side `INSERT ... SELECT generate_series` (PostgreSQL's bulk-load
 * speed, no rows through the client). Per account: 3 contacts (persons), 20
 * documents and 5 requests. Everything is a pure function of the account's
 * number, so ids are known without asking: `benchId('a', i)`.
 *
 * The documents keep the ledger's rules: per account 2 quotes, 4 sales orders
 * (2 open, 2 fulfilled), 8 invoices (5 paid, 3 open: one over 90 days past
 * due, one 31-60, one not yet due), 5 payments each settling one paid
 * invoice, and 1 unallocated credit note. Ledger entries, allocations and the
 * balance row agree, as the property test in transactions demands.
 */

export const CHUNK = 5_000;

/**
 * The id of a generated row, the same in SQL (pg_temp.bid) and here: the
 * account number in the first 8 hex digits, the rest from an md5 of the
 * label, shaped as a v4 UUID. Ids of one account's rows sort together, so the
 * bulk load appends to every index instead of touching random pages.
 */
export function benchId(kind: string, account: number, part?: number): string {
  const h = createHash('md5').update(part === undefined ? `${kind}${account}` : `${kind}${account}-${part}`).digest('hex');
  const head = account.toString(16).padStart(8, '0');
  return `${head}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const FUNCTIONS = `
CREATE FUNCTION pg_temp.bid(i int, t text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
  SELECT overlay(overlay(overlay(md5(t) placing lpad(to_hex(i), 8, '0') from 1) placing '4' from 13) placing '8' from 17)::uuid
$$;
CREATE FUNCTION pg_temp.cur(i int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT (ARRAY['EUR','EUR','EUR','GBP','USD'])[1 + i % 5]
$$;
CREATE FUNCTION pg_temp.price(i int, k int) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT (10 + (i * 31 + k * 17) % 990) + 0.5
$$;
CREATE FUNCTION pg_temp.qty(i int, k int) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT 1 + (i + k) % 5
$$;`;

/** The 20 documents of every account: slot, type, status, ordinal within its type, per-account count of its type, age in days, due in days. */
const SLOTS = `(VALUES
  (0,'QUOTE','SENT',0,2,10,NULL),(1,'QUOTE','SENT',1,2,25,NULL),
  (2,'SALES_ORDER','OPEN',0,4,5,NULL),(3,'SALES_ORDER','OPEN',1,4,12,NULL),
  (4,'SALES_ORDER','FULFILLED',2,4,70,NULL),(5,'SALES_ORDER','FULFILLED',3,4,95,NULL),
  (6,'INVOICE','PAID',0,8,300,30),(7,'INVOICE','PAID',1,8,270,30),(8,'INVOICE','PAID',2,8,240,30),
  (9,'INVOICE','PAID',3,8,210,30),(10,'INVOICE','PAID',4,8,180,30),
  (11,'INVOICE','OPEN',5,8,150,30),(12,'INVOICE','OPEN',6,8,75,30),(13,'INVOICE','OPEN',7,8,10,30),
  (14,'PAYMENT','PAID',0,5,280,NULL),(15,'PAYMENT','PAID',1,5,250,NULL),(16,'PAYMENT','PAID',2,5,220,NULL),
  (17,'PAYMENT','PAID',3,5,190,NULL),(18,'PAYMENT','PAID',4,5,160,NULL),
  (19,'CREDIT_NOTE','OPEN',0,1,20,NULL)
) AS s(k, type, status, ord, per, age, due)`;

/** The amount of slot k: a payment (14..18) settles invoice k - 8 exactly. */
const AMOUNT = `pg_temp.qty(i, CASE WHEN s.type = 'PAYMENT' THEN s.k - 8 ELSE s.k END) * pg_temp.price(i, CASE WHEN s.type = 'PAYMENT' THEN s.k - 8 ELSE s.k END)`;

const PREFIX = `(CASE s.type WHEN 'QUOTE' THEN 'QU' WHEN 'SALES_ORDER' THEN 'SO' WHEN 'INVOICE' THEN 'INV' WHEN 'PAYMENT' THEN 'PAY' ELSE 'CN' END)`;

function chunkStatements(): string[] {
  return [
    // accounts
    `INSERT INTO accounts.account (id, code, kind, name, type, type_since, status, status_since, address, currency, classification,
       email, phone, rating, source, security_level, version, created_at, updated_at)
     SELECT pg_temp.bid(i, 'a' || i), (1000000 + i)::text, CASE WHEN i % 20 = 0 THEN 'PERSON' ELSE 'COMPANY' END,
       (ARRAY['Van der Berg','Keller','Dupont','Nordic','Brightline','Jansen','Rossi','Garcia','Novak','Lindqvist'])[1 + i % 10] || ' ' ||
       (ARRAY['Installaties','Maschinenbau','Equipements','Timber','Retail','Logistics','Foods','Components','Textiles','Systems'])[1 + (i / 10) % 10] || ' ' || i,
       (ARRAY['CUSTOMER','CUSTOMER','CUSTOMER','CUSTOMER','PROSPECT','LEAD','SUPPLIER','RESELLER'])[1 + i % 8],
       DATE '2020-01-01' + (i % 1800), 'ACTIVE', now() - (i % 1000) * interval '1 hour',
       jsonb_build_object('line1', 'Hoofdstraat ' || (1 + i % 300), 'line2', null, 'postcode', (1000 + i % 9000)::text || ' AB',
         'city', (ARRAY['Utrecht','Amsterdam','Rotterdam','Den Haag','Eindhoven'])[1 + i % 5], 'stateCode', null, 'countryCode', 'NL'),
       pg_temp.cur(i), (ARRAY['A','B','C','D'])[1 + i % 4], 'info' || i || '@example.com', '+31 30 ' || (1000000 + i % 9000000),
       1 + i % 7, 'bench', 0, 1, now() - (i % 5000) * interval '1 hour', now()
     FROM generate_series($1::int, $2::int) AS i`,
    `INSERT INTO accounts.request (id, number, account_id, type, subject, status, hours, closed_at, version, created_at, updated_at)
     SELECT pg_temp.bid(i, 'r' || i || '-' || j), 'REQ-' || lpad((i * 5 + j + 1)::text, 9, '0'), pg_temp.bid(i, 'a' || i),
       (ARRAY['Support','Complaint','Quote request','Service','Training'])[1 + j], 'Request ' || (j + 1) || ' of account ' || i,
       (ARRAY['OPEN','IN_PROGRESS','DONE','DONE','REJECTED'])[1 + (i + j) % 5], ((i + j) % 16) / 2.0,
       CASE WHEN (i + j) % 5 >= 2 THEN now() - ((i * 7 + j * 31) % 330) * interval '1 day' END,
       1, now() - ((i * 7 + j * 31) % 330 + 20) * interval '1 day', now()
     FROM generate_series($1::int, $2::int) AS i, generate_series(0, 4) AS j`,
    // contacts: a person and a contact per slot; the first is the main contact
    `INSERT INTO contacts.person (id, first_name, last_name, full_name, email, phone, language, created_at, updated_at)
     SELECT pg_temp.bid(i, 'p' || i || '-' || j), fn, ln, fn || ' ' || ln, lower(fn) || '.' || lower(ln) || i || '@mail.example.com',
       '+31 6 ' || (10000000 + (i * 3 + j) % 89999999), 'nl', now(), now()
     FROM generate_series($1::int, $2::int) AS i, generate_series(0, 2) AS j,
       LATERAL (SELECT (ARRAY['Anna','Bram','Chloe','Daan','Eva','Finn','Greta','Hugo','Iris','Jules'])[1 + (i + j) % 10] AS fn,
                       (ARRAY['de Vries','Bakker','Visser','Smit','Meijer','Mulder','Bos','Vos','Peters','Hendriks'])[1 + (i * 3 + j) % 10] AS ln) n`,
    `INSERT INTO contacts.contact (id, account_id, person_id, email, is_main, job_title, email_valid, email_opt_in, phone, version, created_at, updated_at)
     SELECT pg_temp.bid(i, 'c' || i || '-' || j), pg_temp.bid(i, 'a' || i), pg_temp.bid(i, 'p' || i || '-' || j),
       'contact' || j || '.' || i || '@example.com', j = 0, (ARRAY['Director','Purchasing','Finance'])[1 + j], true, j < 2,
       '+31 30 ' || (2000000 + (i * 3 + j) % 7999999), 1, now(), now()
     FROM generate_series($1::int, $2::int) AS i, generate_series(0, 2) AS j`,
    `INSERT INTO contacts.person_account (account_id, person_id)
     SELECT pg_temp.bid(i, 'a' || i), pg_temp.bid(i, 'p' || i || '-0') FROM generate_series($1::int, $2::int) AS i WHERE i % 20 = 0`,
    // transactions
    `INSERT INTO transactions.document (id, ref, type, status, account_id, currency, date, due_date, total, open_amount, version, created_at, updated_at)
     SELECT pg_temp.bid(i, 'd' || i || '-' || s.k), ${PREFIX} || '-' || lpad((i * s.per + s.ord + 1)::text, 9, '0'), s.type, s.status,
       pg_temp.bid(i, 'a' || i), pg_temp.cur(i), current_date - s.age, CASE WHEN s.due IS NOT NULL THEN current_date - s.age + s.due END,
       ${AMOUNT}, CASE WHEN s.status = 'OPEN' THEN ${AMOUNT} ELSE 0 END, 1, now(), now()
     FROM generate_series($1::int, $2::int) AS i, ${SLOTS}`,
    `INSERT INTO transactions.document_line (document_id, line_no, description, quantity, unit_price, amount)
     SELECT pg_temp.bid(i, 'd' || i || '-' || s.k), 1, (ARRAY['Pump unit','Valve set','Service hours','Pipe kit','Controller'])[1 + (i + s.k) % 5],
       pg_temp.qty(i, CASE WHEN s.type = 'PAYMENT' THEN s.k - 8 ELSE s.k END), pg_temp.price(i, CASE WHEN s.type = 'PAYMENT' THEN s.k - 8 ELSE s.k END), ${AMOUNT}
     FROM generate_series($1::int, $2::int) AS i, ${SLOTS} WHERE s.type NOT IN ('PAYMENT')`,
    `INSERT INTO transactions.ledger_entry (account_id, document_id, kind, entry_date, amount)
     SELECT pg_temp.bid(i, 'a' || i), pg_temp.bid(i, 'd' || i || '-' || s.k), 'POST', current_date - s.age,
       CASE WHEN s.type = 'INVOICE' THEN ${AMOUNT} ELSE -(${AMOUNT}) END
     FROM generate_series($1::int, $2::int) AS i, ${SLOTS} WHERE s.type IN ('INVOICE', 'PAYMENT', 'CREDIT_NOTE')`,
    `INSERT INTO transactions.allocation (id, account_id, from_id, to_id, amount, date)
     SELECT pg_temp.bid(i, 'l' || i || '-' || s.k), pg_temp.bid(i, 'a' || i), pg_temp.bid(i, 'd' || i || '-' || s.k), pg_temp.bid(i, 'd' || i || '-' || (s.k - 8)),
       ${AMOUNT}, current_date - s.age
     FROM generate_series($1::int, $2::int) AS i, ${SLOTS} WHERE s.type = 'PAYMENT'`,
    `INSERT INTO transactions.account_balance (account_id, currency, balance, unallocated, open_orders, document_count, updated_at)
     SELECT pg_temp.bid(i, 'a' || i), pg_temp.cur(i),
       sum(${AMOUNT}) FILTER (WHERE s.type = 'INVOICE' AND s.status = 'OPEN') - sum(${AMOUNT}) FILTER (WHERE s.type = 'CREDIT_NOTE'),
       sum(${AMOUNT}) FILTER (WHERE s.type = 'CREDIT_NOTE'),
       sum(${AMOUNT}) FILTER (WHERE s.type = 'SALES_ORDER' AND s.status = 'OPEN'), 20, now()
     FROM generate_series($1::int, $2::int) AS i, ${SLOTS} GROUP BY i`,
    // credit control: a limit on every other account, a manual hold on some
    `INSERT INTO credit_control.account_credit (account_id, credit_limit, currency, hold_since, hold_by, hold_note, version, created_at, updated_at)
     SELECT pg_temp.bid(i, 'a' || i), CASE WHEN i % 2 = 0 THEN 5000 + (i % 10) * 1000 END, pg_temp.cur(i),
       CASE WHEN i % 97 = 0 THEN now() - interval '3 days' END, NULL, CASE WHEN i % 97 = 0 THEN 'Collections: payment plan agreed' END,
       1, now(), now()
     FROM generate_series($1::int, $2::int) AS i WHERE i % 2 = 0 OR i % 97 = 0`,
  ];
}

/** Counters after the bulk load, so that documents, requests and codes created later continue the series. */
function finalStatements(accounts: number): string[] {
  const n = accounts;
  return [
    `UPDATE transactions.counter SET last_value = CASE type
       WHEN 'QUOTE' THEN ${n * 2 + 2} WHEN 'SALES_ORDER' THEN ${n * 4 + 4} WHEN 'INVOICE' THEN ${n * 8 + 8}
       WHEN 'PAYMENT' THEN ${n * 5 + 5} WHEN 'CREDIT_NOTE' THEN ${n + 1} ELSE last_value END`,
    `INSERT INTO accounts.counter (name, next_value) VALUES ('request', ${n * 5 + 6})
     ON CONFLICT (name) DO UPDATE SET next_value = EXCLUDED.next_value`,
    'ANALYZE',
  ];
}

export interface GenerateOptions {
  accounts: number;
  progress?: boolean;
  /** Milliseconds spent per statement (by its first words), for finding the slow table. */
  timings?: Map<string, number>;
}

/** Fills an empty, migrated database. Returns the seconds it took. */
export async function generateDataset(client: Client, o: GenerateOptions): Promise<number> {
  const started = Date.now();
  await client.query(FUNCTIONS);
  // The rows are generated consistent; skip per-row foreign key triggers where
  // allowed (superuser), as bulk loads do. Constraints and indexes stay on.
  await client.query(`SET session_replication_role = replica`).catch(() => undefined);
  // A crash while loading loses the last chunks of a dataset that is rebuilt anyway.
  await client.query(`SET synchronous_commit = off`);
  const statements = chunkStatements();
  const bar = o.progress === false ? null : new SingleBar({ format: 'dataset |{bar}| {value}/{total} accounts | {eta_formatted} left', hideCursor: true }, Presets.shades_classic);
  bar?.start(o.accounts, 0);
  for (let lo = 1; lo <= o.accounts; lo += CHUNK) {
    const hi = Math.min(o.accounts, lo + CHUNK - 1);
    await client.query('BEGIN');
    for (const sql of statements) {
      const t0 = Date.now();
      await client.query(sql, [lo, hi]);
      if (o.timings) {
        const key = sql.trim().split(/\s+/).slice(0, 3).join(' ');
        o.timings.set(key, (o.timings.get(key) ?? 0) + Date.now() - t0);
      }
    }
    await client.query('COMMIT');
    bar?.update(hi);
  }
  bar?.stop();
  for (const sql of finalStatements(o.accounts)) await client.query(sql);
  return (Date.now() - started) / 1000;
}
