import { CreateAccountBalance1767225600000 } from './1767225600000-CreateAccountBalance';
import { CreateDocuments1767312000000 } from './1767312000000-CreateDocuments';

/** In order. A new migration is a new file added here; applied ones are never edited. */
export const migrations = [CreateAccountBalance1767225600000, CreateDocuments1767312000000];
