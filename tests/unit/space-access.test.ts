import { grantFromPermission, grantFromRoleAssignment, summariseAccess } from '../../src/domain/exposure/space-access';
import { recommend } from '../../src/domain/recommendations';

const names = new Map([
  ['g-users', 'confluence-users'],
  ['g-hr', 'hr-team'],
]);
const groupName = (id: string) => names.get(id) ?? null;

describe('space access from classic permissions', () => {
  it('reads anonymous, broad groups, named groups, users and guests', () => {
    const grants = [
      { principal: { type: 'role', id: 'ANONYMOUS' }, operation: { key: 'read', targetType: 'space' } },
      { principal: { type: 'group', id: 'g-users' }, operation: { key: 'read', targetType: 'space' } },
      { principal: { type: 'group', id: 'g-hr' }, operation: { key: 'read', targetType: 'space' } },
      { principal: { type: 'group', id: 'g-hr' }, operation: { key: 'administer', targetType: 'space' } },
      { principal: { type: 'user', id: 'guest-1' }, operation: { key: 'read', targetType: 'space' } },
      { principal: { type: 'user', id: 'staff-1' }, operation: { key: 'read', targetType: 'space' } },
      { principal: { type: 'user', id: 'staff-1' }, operation: { key: 'create', targetType: 'page' } },
    ]
      .map((p) => grantFromPermission(p, groupName))
      .filter((g) => g !== null);
    const access = summariseAccess('PERMISSIONS', grants, ['Confluence-Users'], new Set(['guest-1']));
    expect(access).toEqual({
      mode: 'PERMISSIONS',
      level: 'public',
      anonymous: true,
      allLicensedUsers: false,
      broadGroups: ['confluence-users'],
      groupCount: 2,
      groups: [
        { name: 'confluence-users', canAdminister: false },
        { name: 'hr-team', canAdminister: true },
      ],
      userCount: 2,
      guestCount: 1,
      partial: false,
    });
  });

  it('is "everyone" with only a broad group and "limited" with only a team', () => {
    const broad = grantFromPermission({ principal: { type: 'group', id: 'g-users' }, operation: { key: 'read', targetType: 'space' } }, groupName);
    const team = grantFromPermission({ principal: { type: 'group', id: 'g-hr' }, operation: { key: 'read', targetType: 'space' } }, groupName);
    expect(summariseAccess('PERMISSIONS', [broad!], ['confluence-users'], new Set()).level).toBe('everyone');
    expect(summariseAccess('PERMISSIONS', [team!], ['confluence-users'], new Set()).level).toBe('limited');
  });

  it('keeps an unknown role visible as "other" rather than guessing', () => {
    expect(grantFromPermission({ principal: { type: 'role', id: 'SOMETHING' }, operation: { key: 'read', targetType: 'space' } }, groupName)?.principal).toEqual({ kind: 'other', label: 'SOMETHING' });
  });
});

describe('space access from role assignments', () => {
  it('reads access classes and admin roles', () => {
    const admin = new Set(['role-admin']);
    const grants = [
      grantFromRoleAssignment({ principal: { principalType: 'ACCESS_CLASS', principalId: 'all-licensed-users' }, roleId: 'role-viewer' }, admin, groupName),
      grantFromRoleAssignment({ principal: { principalType: 'GROUP', principalId: 'g-hr' }, roleId: 'role-admin' }, admin, groupName),
    ];
    const access = summariseAccess('ROLES', grants, [], new Set());
    expect(access.level).toBe('everyone');
    expect(access.allLicensedUsers).toBe(true);
    expect(access.groups).toEqual([{ name: 'hr-team', canAdminister: true }]);
    const anon = grantFromRoleAssignment({ principal: { principalType: 'ACCESS_CLASS', principalId: 'anonymous-users' }, roleId: 'role-viewer' }, admin, groupName);
    expect(summariseAccess('ROLES', [anon], [], new Set()).level).toBe('public');
  });
});

describe('recommendations', () => {
  const limited = summariseAccess('PERMISSIONS', [], [], new Set());
  it('puts anonymous access first and names the guidance item', () => {
    const access = { ...limited, anonymous: true, level: 'public' as const, guestCount: 2 };
    const recs = recommend({ access, openItems: 3, broadGroupItems: 0, complete: true, personalSpace: false });
    expect(recs.map((r) => [r.id, r.severity, r.guidanceId])).toEqual([
      ['space-anonymous', 'high', 'space-permissions'],
      ['open-pages', 'high', 'restrict-pages'],
      ['space-guests', 'medium', 'space-permissions'],
    ]);
    expect(recs[1]?.title).toBe('3 pages and blog posts are readable by everyone who can see this space');
  });

  it('is calm about open pages in a limited space and says when a scan is partial', () => {
    const recs = recommend({ access: limited, openItems: 1, broadGroupItems: 0, complete: false, personalSpace: false });
    expect(recs.map((r) => [r.id, r.severity])).toEqual([
      ['open-pages', 'low'],
      ['scan-incomplete', 'low'],
    ]);
    expect(recs[0]?.title).toBe('1 page or blog post has no view restriction');
  });

  it('recommends nothing for a limited, fully restricted space', () => {
    expect(recommend({ access: limited, openItems: 0, broadGroupItems: 0, complete: true, personalSpace: false })).toEqual([]);
  });
});
