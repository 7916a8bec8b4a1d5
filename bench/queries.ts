/** The account card of API.md, as clients send it. */
export const CARD_FIELDS = `
    id code name type status currency
    address { line1 city countryCode }
    mainContact { fullName email phone }
    contacts { fullName jobTitle email emailValid }
    receivables { balance { amount currency } overdue { amount } aging { over90 { amount } } }
    credit { limit { amount } available { amount } onHold holdReasons }
    documents(types: [SALES_ORDER], first: 10) { edges { node { ref status total { amount } } } }
    requests(first: 5) { edges { node { number subject status } } }
    requestStats { byMonth { month count } }`;

export const CARD_QUERY = `query AccountCard($id: ID!) { account(id: $id) { ${CARD_FIELDS} } }`;

/** A page of 50 cards: the same fields for 50 accounts in one request. */
export const PAGE_QUERY = `query AccountCards($codes: [String!]) { accounts(filter: { codes: $codes }, first: 50) { totalCount edges { node { ${CARD_FIELDS} } } } }`;

export const AGING_QUERY = `query Aging { receivablesAging(groupBy: CLASSIFICATION) { key total { amount currency } aging { current { amount } days1to30 { amount } days31to60 { amount } days61to90 { amount } over90 { amount } } } }`;

/**
 * The floor: the card's data in one hand-written statement straight from
 * PostgreSQL (all four schemas in one database), JSON built by the server.
 */
export const CARD_SQL = `
SELECT json_build_object(
  'account', (SELECT row_to_json(a) FROM (SELECT id, code, name, type, status, currency, address FROM accounts.account WHERE id = $1 AND deleted_at IS NULL) a),
  'contacts', (SELECT json_agg(json_build_object('fullName', p.full_name, 'jobTitle', c.job_title, 'email', c.email, 'emailValid', c.email_valid, 'phone', c.phone, 'isMain', c.is_main) ORDER BY c.is_main DESC, p.full_name)
               FROM contacts.contact c JOIN contacts.person p ON p.id = c.person_id WHERE c.account_id = $1),
  'receivables', (SELECT row_to_json(b) FROM (SELECT balance, open_orders, currency FROM transactions.account_balance WHERE account_id = $1) b),
  'aging', (SELECT json_build_object('overdue', coalesce(sum(open_amount) FILTER (WHERE due_date < current_date), 0),
                                     'over90', coalesce(sum(open_amount) FILTER (WHERE due_date < current_date - 90), 0))
            FROM transactions.document WHERE account_id = $1 AND type = 'INVOICE' AND open_amount > 0),
  'credit', (SELECT row_to_json(x) FROM (SELECT credit_limit, hold_since FROM credit_control.account_credit WHERE account_id = $1) x),
  'policy', (SELECT row_to_json(p) FROM (SELECT check_mode, on_hold_action FROM credit_control.credit_policy) p),
  'orders', (SELECT json_agg(o) FROM (SELECT ref, status, total FROM transactions.document WHERE account_id = $1 AND type = 'SALES_ORDER' ORDER BY date DESC, seq DESC LIMIT 10) o),
  'requests', (SELECT json_agg(r) FROM (SELECT number, subject, status FROM accounts.request WHERE account_id = $1 ORDER BY created_at DESC, id DESC LIMIT 5) r),
  'requestStats', (SELECT json_agg(json_build_object('month', to_char(m.month, 'YYYY-MM'), 'count', coalesce(n.count, 0)) ORDER BY m.month)
                   FROM generate_series(date_trunc('month', now()) - interval '11 months', date_trunc('month', now()), interval '1 month') AS m(month)
                   LEFT JOIN (SELECT date_trunc('month', created_at) AS month, count(*) AS count FROM accounts.request
                              WHERE account_id = $1 AND created_at >= date_trunc('month', now()) - interval '11 months' GROUP BY 1) n USING (month))
) AS card`;
