import type { ContactsContext } from './index';

/**
 * Other subgraphs return users as `{ id }` stubs (an account's owner, an
 * audit entry's actor, a hold's author). Every id resolves: a stored user, a
 * service by its name, or an unknown user who has not signed in yet (id kept,
 * empty email), so that a client asking `owner { id displayName }` never loses the id.
 */
export const userReference = {
  __resolveReference(reference: { id: string }, ctx: ContactsContext) {
    return ctx.services.userService.resolve(ctx, String(reference.id));
  },
};
