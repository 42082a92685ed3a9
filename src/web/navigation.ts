/** What the menu needs to know of the person (a WebUser, web-auth.ts). */
interface NavigationUser {
  admin: boolean;
  isChef: boolean;
  isLeader?: boolean;
  isSubLeader?: boolean;
  isInspector?: boolean;
}

export interface NavItem {
  href: string;
  text: string;
  current: boolean;
}

/**
 * The main menu per role. The administration's pages (quality reports,
 * datapakker, tilsyn, audit trail, focus areas, organisation) are listed
 * here too, so there is one menu to keep in order.
 */
export function navigationFor(user: NavigationUser, path: string): NavItem[] {
  const items: { href: string; text: string; show: boolean }[] = [
    { href: '/', text: 'Mit overblik', show: true },
    { href: '/tilsynsafrapporteringer', text: 'Tilsynsafrapporteringer', show: user.isChef },
    { href: '/kvalitetsrapporter', text: 'Kvalitetsrapporter', show: user.admin },
    { href: '/datapakker', text: 'Datapakker', show: user.admin },
    // A chef audits their own units (the API's chef slice, R3).
    { href: '/tilsyn', text: 'Tilsyn', show: user.admin || user.isChef },
    // Everyone /tilsynsplan serves (planScope, tilsyn-besoeg.controller.ts): coordinators, inspectors, and a unit's
    // leader, next-layer leader or chef (their units' visits as R91 lets them see them). Not a board contact only:
    // they see no visit at all (visibility.ts), so the entry would lead to a page that says just that.
    { href: '/tilsynsplan', text: 'Tilsynsplan', show: user.admin || user.isInspector === true || user.isChef || user.isLeader === true || user.isSubLeader === true },
    { href: '/fokusomraader', text: 'Fokusområder', show: user.admin },
    { href: '/revisionsspor', text: 'Revisionsspor', show: user.admin },
    { href: '/organisation', text: 'Organisation', show: user.admin },
    { href: '/admin/udbakke', text: 'Udbakke', show: user.admin },
    { href: '/kalender', text: 'Kalender', show: true },
    { href: '/mig/paamindelser', text: 'Påmindelser', show: true },
  ];
  return items
    .filter((i) => i.show)
    .map((i) => ({ href: i.href, text: i.text, current: i.href === '/' ? path === '/' : path === i.href || path.startsWith(`${i.href}/`) }));
}
