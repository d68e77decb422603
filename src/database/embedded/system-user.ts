import { UserError } from '../../errors/index.js';
import { runCommand } from '../../process/children.js';

/** The account PostgreSQL runs as when we are root (it refuses to run as root). */
export interface ServerAccount {
  uid: number;
  gid: number;
}

const ACCOUNT = 'postgres';

async function lookup(): Promise<ServerAccount | undefined> {
  try {
    const [uid, gid] = await Promise.all([runCommand('id', ['-u', ACCOUNT]), runCommand('id', ['-g', ACCOUNT])]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  } catch {
    return undefined;
  }
}

let account: Promise<ServerAccount | undefined> | undefined;

/** Undefined for a normal user; as root, the `postgres` system account, created when missing. */
export function serverAccount(): Promise<ServerAccount | undefined> {
  account ??= (async () => {
    if (process.getuid?.() !== 0) return undefined;
    const existing = await lookup();
    if (existing) return existing;
    // groupadd exits 9 when the group exists already; useradd then tells whether it really failed.
    await runCommand('groupadd', ['--system', ACCOUNT]).catch(() => undefined);
    await runCommand('useradd', ['--system', '--gid', ACCOUNT, '--no-create-home', ACCOUNT]).catch(() => undefined);
    const created = await lookup();
    if (!created) {
      throw new UserError(`PostgreSQL cannot run as root and there is no "${ACCOUNT}" system user, which could not be created: create it (useradd --system ${ACCOUNT}) or run as a normal user`);
    }
    return created;
  })();
  return account;
}
