import { accountsSubgraph } from '../subgraphs/accounts';
import { contactsSubgraph } from '../subgraphs/contacts';
import { creditControlSubgraph } from '../subgraphs/credit-control';
import { transactionsSubgraph } from '../subgraphs/transactions';
import type { SubgraphModule } from '../subgraphs/common';

/** Every subgraph, in the order demo data is loaded (accounts first). */
export const SUBGRAPHS: SubgraphModule<any, any>[] = [accountsSubgraph, contactsSubgraph, transactionsSubgraph, creditControlSubgraph];
