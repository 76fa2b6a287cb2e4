// The console's Inbox and Privacy pages, loaded lazily (own chunks); registered in
// console/routes.tsx.
import type { ConsolePageProps } from '../routes.tsx';
import { lazyPage } from '../../account/lazyPage.tsx';

export const InboxPage = lazyPage<ConsolePageProps>(() => import('./InboxPage.tsx'));
export const InboxConversationPage = lazyPage<ConsolePageProps>(
  () => import('./InboxConversationPage.tsx'),
);
export const PrivacyPage = lazyPage<ConsolePageProps>(() => import('../privacy/PrivacyPage.tsx'));
