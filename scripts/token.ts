import { parseArgs } from 'node:util';
import { mintToken, ROLES, type Role } from '../subgraphs/common/auth';
import { authSecret } from './secret';

/** `npm run token -- --role <role> [--account <id>] [--level <n>] [--sub <uuid>] [--expires 12h]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true, default: ['admin'] },
      account: { type: 'string' },
      level: { type: 'string', default: '0' },
      sub: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const roles = values.role as string[];
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r) || r === 'service');
  if (unknown.length) throw new Error(`Unknown role ${unknown.join(', ')}; use ${ROLES.filter((r) => r !== 'service').join(', ')}`);
  if (roles.includes('portal') && !values.account) throw new Error('A portal token needs --account <accountId>');
  const level = Number(values.level);
  if (!Number.isInteger(level) || level < 0) throw new Error('--level must be a non-negative integer');
  const token = await mintToken(authSecret({ create: false }), {
    sub: values.sub,
    roles: roles as Role[],
    securityLevel: level,
    accountId: values.account,
    email: values.email,
    name: values.name,
    expiresIn: values.expires,
  });
  console.log(token);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
