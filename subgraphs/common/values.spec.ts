import { GraphQLError } from 'graphql';
import { formatError, badInput, AppError, ErrorCode } from './errors';
import { decodeCursor, encodeCursor, pageSize, toConnection } from './pagination';
import { formatAmount, isCurrency, minorUnits, money, parseAmount } from './money';
import { countryCode, optionalEmail, optionalString, optionalUrl, requiredString, uuid } from './validation';
import { DateScalar, DecimalScalar, isIsoDate } from './scalars';
import { byKey, groupByKey } from './loaders';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return { code: (err as AppError).code, field: (err as AppError).extensions.field };
  }
  return null;
};

describe('pagination', () => {
  it('defaults to 20 and allows 0..200', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(0)).toBe(0);
    expect(pageSize(200)).toBe(200);
    expect(codeOf(() => pageSize(201))).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(codeOf(() => pageSize(-1))).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('round-trips cursors and refuses forged ones', () => {
    const c = encodeCursor(['Acme', 'id-1']);
    expect(decodeCursor(c)).toEqual(['Acme', 'id-1']);
    expect(decodeCursor(null)).toBeNull();
    expect(codeOf(() => decodeCursor('%%%'))).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(codeOf(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url')))).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('builds a page from first + 1 rows and counts lazily', async () => {
    let counted = 0;
    const conn = toConnection([1, 2, 3], 2, (n) => [n], () => ++counted);
    expect(conn.edges.map((e) => e.node)).toEqual([1, 2]);
    expect(conn.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor([2]) });
    expect(counted).toBe(0);
    expect(conn.totalCount).toBe(1);
    expect(conn.totalCount).toBe(1);
    expect(counted).toBe(1);
  });
});

describe('money', () => {
  it('knows ISO 4217 codes and their minor units', () => {
    expect(isCurrency('EUR')).toBe(true);
    expect(isCurrency('EUX')).toBe(false);
    expect(isCurrency('eur')).toBe(false);
    expect([minorUnits('EUR'), minorUnits('JPY'), minorUnits('BHD')]).toEqual([2, 0, 3]);
  });

  it('rounds half up in decimal, never through floats', () => {
    expect(formatAmount('0.1', 'EUR')).toBe('0.10');
    expect(formatAmount('1.005', 'EUR')).toBe('1.01');
    expect(formatAmount('2.5', 'JPY')).toBe('3');
    expect(formatAmount('12345678901234567.891', 'EUR')).toBe('12345678901234567.89');
    expect(money('-3.455', 'EUR')).toEqual({ amount: '-3.46', currency: 'EUR' });
  });

  it('parses amounts with bounds and precision', () => {
    expect(parseAmount('amount', '10.50', { maxDecimals: 2 }).toFixed(2)).toBe('10.50');
    expect(codeOf(() => parseAmount('amount', '10.505', { maxDecimals: 2 }))).toEqual({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect(codeOf(() => parseAmount('amount', '0', { min: 0, minExclusive: true }))).toEqual({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect(codeOf(() => parseAmount('amount', 'abc'))).toEqual({ code: 'BAD_USER_INPUT', field: 'amount' });
  });
});

describe('scalars', () => {
  it('Decimal accepts strings and integers, refuses floats and junk', () => {
    expect(DecimalScalar.parseValue('12.50')).toBe('12.50');
    expect(DecimalScalar.parseValue(12)).toBe('12');
    expect(() => DecimalScalar.parseValue(0.1)).toThrow(GraphQLError);
    expect(() => DecimalScalar.parseValue('1e5')).toThrow(GraphQLError);
    expect(() => DecimalScalar.parseValue('')).toThrow(GraphQLError);
  });

  it('Date is a real calendar date', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(DateScalar.serialize(new Date('2024-05-01T10:00:00Z'))).toBe('2024-05-01');
    expect(() => DateScalar.parseValue('01-05-2024')).toThrow(GraphQLError);
  });
});

describe('validation', () => {
  it('trims, bounds and names the field', () => {
    expect(requiredString('name', '  Acme ')).toBe('Acme');
    expect(codeOf(() => requiredString('name', '   '))).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(codeOf(() => requiredString('name', 'x'.repeat(100_000)))).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(optionalString('phone', '')).toBeNull();
    expect(optionalString('phone', undefined)).toBeUndefined();
  });

  it('checks emails, URLs, countries and ids', () => {
    expect(optionalEmail('email', 'Info@Example.com')).toBe('Info@Example.com');
    expect(codeOf(() => optionalEmail('email', 'not an email'))).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(optionalUrl('website', 'https://example.com/x')).toBe('https://example.com/x');
    expect(codeOf(() => optionalUrl('website', 'javascript:alert(1)'))).toEqual({ code: 'BAD_USER_INPUT', field: 'website' });
    expect(codeOf(() => optionalUrl('website', 'ftp://example.com'))).toEqual({ code: 'BAD_USER_INPUT', field: 'website' });
    expect(countryCode('c', 'nl')).toBe('NL');
    for (const bad of ['XX', 'EU', 'NLD', '']) expect(codeOf(() => countryCode('c', bad))).toEqual({ code: 'BAD_USER_INPUT', field: 'c' });
    expect(uuid('id', '3F2504E0-4F89-41D3-9A0C-0305E82C3301')).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    expect(codeOf(() => uuid('id', "1' OR 1=1"))).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('loaders', () => {
  it('answer in key order with null or [] for missing keys', () => {
    const rows = [{ id: 'b', a: 1 }, { id: 'a', a: 2 }, { id: 'a', a: 3 }];
    expect(byKey(['a', 'x', 'b'], rows, (r) => r.id)).toEqual([rows[2], null, rows[0]]);
    expect(groupByKey(['a', 'x'], rows, (r) => r.id)).toEqual([[rows[1], rows[2]], []]);
  });
});

describe('formatError', () => {
  const env = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = env;
  });

  it('gives an AppError its code and extensions', () => {
    const formatted = formatError({ message: 'x' }, badInput('name', 'name is required'));
    expect(formatted).toEqual({ message: 'name is required', extensions: { code: 'BAD_USER_INPUT', field: 'name' } });
  });

  it('hides unexpected errors (SQL, stacks) in production only', () => {
    const sqlError = { message: 'relation "accounts.account" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } };
    process.env.NODE_ENV = 'production';
    expect(formatError(sqlError, new Error('boom'))).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    process.env.NODE_ENV = 'development';
    expect(formatError(sqlError, new Error('boom')).message).toMatch(/relation/);
  });

  it('gives UNAUTHENTICATED an HTTP 401', () => {
    const gql = new AppError(ErrorCode.UNAUTHENTICATED, 'no').toGraphQLError();
    expect(gql.extensions).toMatchObject({ code: 'UNAUTHENTICATED', http: { status: 401 } });
  });
});
