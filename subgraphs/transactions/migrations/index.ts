import { CreateAccountBalance1767225600000 } from './1767225600000-CreateAccountBalance';

/** In order. A new migration is a new file added here; applied ones are never edited. */
export const migrations = [CreateAccountBalance1767225600000];
