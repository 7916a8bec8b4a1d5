import { CreateContact1767225600000 } from './1767225600000-CreateContact';
import { PersonsContactsUsers1767312000000 } from './1767312000000-PersonsContactsUsers';

/** In order. A new migration is a new file added here; applied ones are never edited. */
export const migrations = [CreateContact1767225600000, PersonsContactsUsers1767312000000];
