import { parse } from 'graphql';
import { largestPageRequested } from './limits';
import { subgraphUrls } from './config';

describe('page size limit', () => {
  it('finds the largest first in literals and variables', () => {
    const doc = parse('query($n: Int) { a: accounts(first: 10) { edges { node { requests(first: $n) { totalCount } } } } }');
    expect(largestPageRequested(doc, { n: 250 })).toBe(250);
    expect(largestPageRequested(doc, {})).toBe(10);
    expect(largestPageRequested(parse('{ me { id } }'), {})).toBeNull();
  });
});

describe('subgraph URLs', () => {
  const sdl = `enum join__Graph {
  ACCOUNTS @join__graph(name: "accounts", url: "http://127.0.0.1:4001/graphql")
  CREDIT_CONTROL @join__graph(name: "credit-control", url: "http://127.0.0.1:4004/graphql")
}`;
  it('takes <NAME>_URL from the settings, else the supergraph', () => {
    expect(subgraphUrls(sdl, { CREDIT_CONTROL_URL: 'http://credit:4004/graphql' })).toEqual({
      accounts: 'http://127.0.0.1:4001/graphql',
      'credit-control': 'http://credit:4004/graphql',
    });
  });
});
