import { CreateAccount1767225600000 } from './1767225600000-CreateAccount';
import { AccountMaster1767312000000 } from './1767312000000-AccountMaster';

/** In order. A new migration is a new file added here; applied ones are never edited. */
export const migrations = [CreateAccount1767225600000, AccountMaster1767312000000];
