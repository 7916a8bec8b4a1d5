import { CreateAccountCredit1767225600000 } from './1767225600000-CreateAccountCredit';
import { CreditPolicyHoldsHistory1767312000000 } from './1767312000000-CreditPolicyHoldsHistory';

/** In order. A new migration is a new file added here; applied ones are never edited. */
export const migrations = [CreateAccountCredit1767225600000, CreditPolicyHoldsHistory1767312000000];
