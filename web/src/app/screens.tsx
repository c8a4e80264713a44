/**
 * Every screen of the back office in one table: its path, its title and menu group (i18n keys),
 * the permission it needs, and its page (loaded on demand, so each screen is its own chunk).
 * Adding a screen is adding one line here and one folder under features/.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Permission } from '../api/types.js';

export type MenuGroup = 'overview' | 'admin' | 'acd' | 'ivr' | 'fax' | 'telephony' | 'outbound';

export interface Screen {
  path: string;
  /** i18n key of the title; also the menu label. */
  title: string;
  group: MenuGroup;
  /** null: every logged-in operator. */
  permission: Permission | null;
  page: LazyExoticComponent<ComponentType>;
  /** false: reached from another screen (a record, a form), not from the menu. */
  menu?: false;
}

export const MENU_GROUPS: MenuGroup[] = ['overview', 'admin', 'acd', 'ivr', 'fax', 'outbound', 'telephony'];

export const SCREENS: Screen[] = [
  { path: '/', title: 'home.title', group: 'overview', permission: null, page: lazy(() => import('../features/home/HomePage.js')) },
  { path: '/operators', title: 'operators.title', group: 'admin', permission: 'operators:read', page: lazy(() => import('../features/operators/OperatorsPage.js')) },
  { path: '/api-tokens', title: 'tokens.title', group: 'admin', permission: 'tokens:read', page: lazy(() => import('../features/tokens/TokensPage.js')) },
  { path: '/tenants', title: 'tenants.title', group: 'admin', permission: 'tenants:read', page: lazy(() => import('../features/tenants/TenantsPage.js')) },
  { path: '/roles', title: 'roleMatrix.title', group: 'admin', permission: 'roles:read', page: lazy(() => import('../features/roles/RolesPage.js')) },
  { path: '/audit-log', title: 'audit.title', group: 'admin', permission: 'audit:read', page: lazy(() => import('../features/audit/AuditPage.js')) },
  { path: '/queues', title: 'queues.title', group: 'acd', permission: 'acd:read', page: lazy(() => import('../features/queues/QueuesPage.js')) },
  { path: '/agents', title: 'agents.title', group: 'acd', permission: 'acd:read', page: lazy(() => import('../features/agents/AgentsPage.js')) },
  { path: '/entry-points', title: 'entryPoints.title', group: 'acd', permission: 'acd:read', page: lazy(() => import('../features/entry-points/EntryPointsPage.js')) },
  { path: '/calendar', title: 'calendar.title', group: 'acd', permission: 'acd:read', page: lazy(() => import('../features/calendar/CalendarPage.js')) },
  { path: '/ivr-settings', title: 'ivrSettings.title', group: 'ivr', permission: 'ivr:read', page: lazy(() => import('../features/ivr-settings/IvrSettingsPage.js')) },
  { path: '/pin-locks', title: 'pinLocks.title', group: 'ivr', permission: 'ivr:read', page: lazy(() => import('../features/pin-locks/PinLocksPage.js')) },
  { path: '/voice-prompts', title: 'voicePrompts.title', group: 'ivr', permission: 'prompts:read', page: lazy(() => import('../features/voice-prompts/VoicePromptsPage.js')) },
  { path: '/fax-documents', title: 'faxDocuments.title', group: 'fax', permission: 'fax:read', page: lazy(() => import('../features/fax-documents/FaxDocumentsPage.js')) },
  { path: '/outbound-campaigns', title: 'outbound.campaigns.title', group: 'outbound', permission: 'outbound:read', page: lazy(() => import('../features/outbound/CampaignsPage.js')) },
  { path: '/outbound-campaigns/new', title: 'outbound.editor.createTitle', group: 'outbound', permission: 'outbound:write', menu: false, page: lazy(() => import('../features/outbound/NewCampaignPage.js')) },
  { path: '/outbound-campaigns/:id', title: 'outbound.campaign.title', group: 'outbound', permission: 'outbound:read', menu: false, page: lazy(() => import('../features/outbound/CampaignPage.js')) },
  { path: '/do-not-call', title: 'outbound.dnc.title', group: 'outbound', permission: 'outbound:read', page: lazy(() => import('../features/outbound/DoNotCallPage.js')) },
  { path: '/dial-plan', title: 'dialPlan.title', group: 'telephony', permission: 'dialplan:read', page: lazy(() => import('../features/dial-plan/DialPlanPage.js')) },
  { path: '/trunks', title: 'trunks.title', group: 'telephony', permission: 'trunks:read', page: lazy(() => import('../features/trunks/TrunksPage.js')) },
];
