import { CreateAccountCredit1767225600000 } from './1767225600000-CreateAccountCredit';

/** In order. A new migration is a new file added here; applied ones are never edited. */
export const migrations = [CreateAccountCredit1767225600000];
