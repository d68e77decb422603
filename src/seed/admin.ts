import type { User } from '../generated/prisma/client.js';
import type { SeedContext, Tenant } from './context.js';
import { PLATFORM_ADMIN, PLATFORM_ADMIN_ROLE_PERMISSIONS, SUPER_ADMIN_CLIENT_PERMISSIONS } from './data.js';
import { generatePassword, hashPassword } from './password.js';

export interface AdminOutcome {
  admin: User;
  /** Set only when the admin was created without a given password. */
  generatedPassword?: string;
}

/**
 * The platform admin, keyed by email. An existing admin keeps its password: the given one is only used
 * (and a random one only generated) when the row is created.
 */
export async function ensureAdmin({ tx, tally }: SeedContext, password: string | undefined, home: Tenant): Promise<AdminOutcome> {
  let generatedPassword: string | undefined;
  const admin = await tally.findOrCreate(
    'users',
    () => tx.user.findUnique({ where: { email: PLATFORM_ADMIN.email } }),
    async () => {
      const chosen = password ?? generatePassword();
      if (chosen !== password) generatedPassword = chosen;
      return tx.user.create({
        data: {
          email: PLATFORM_ADMIN.email,
          passwordHash: await hashPassword(chosen),
          firstName: PLATFORM_ADMIN.firstName,
          lastName: PLATFORM_ADMIN.lastName,
          isActive: true,
          isVerified: true,
          defaultClientId: home.clientAccountId,
          defaultEngagementId: home.engagementId,
        },
      });
    },
  );
  return { admin, generatedPassword };
}

/** The admin's PLATFORM_ADMIN role, keyed by user and role type; assigned by the admin itself (there is no one else). */
export function ensureAdminRole({ tx, tally }: SeedContext, adminId: string) {
  return tally.findOrCreate(
    'user_roles',
    () => tx.userRole.findFirst({ where: { userId: adminId, roleType: PLATFORM_ADMIN.roleType } }),
    () =>
      tx.userRole.create({
        data: {
          userId: adminId,
          roleType: PLATFORM_ADMIN.roleType,
          roleName: PLATFORM_ADMIN.roleName,
          description: 'Administers the whole platform: every client, engagement and user',
          permissions: PLATFORM_ADMIN_ROLE_PERMISSIONS,
          scopeType: PLATFORM_ADMIN.roleScope,
          isActive: true,
          assignedBy: adminId,
        },
      }),
  );
}

/** The admin's SUPER_ADMIN access to a client, keyed by user and client; granted by the admin itself. */
export function ensureAdminClientAccess({ tx, tally }: SeedContext, adminId: string, clientAccountId: string) {
  return tally.findOrCreate(
    'client_access',
    () => tx.clientAccess.findFirst({ where: { userProfileId: adminId, clientAccountId } }),
    () =>
      tx.clientAccess.create({
        data: {
          userProfileId: adminId,
          clientAccountId,
          accessLevel: PLATFORM_ADMIN.accessLevel,
          permissions: SUPER_ADMIN_CLIENT_PERMISSIONS,
          grantedBy: adminId,
          isActive: true,
        },
      }),
  );
}
