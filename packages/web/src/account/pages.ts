// The customer-area pages of accounts, messages and privacy, each loaded lazily. routes.tsx
// registers them under /account/….
import type { PageProps } from '../routes.tsx';
import { lazyPage } from './lazyPage.tsx';

export const SignInPage = lazyPage<PageProps>(() => import('./SignInPage.tsx'));
export const SignUpPage = lazyPage<PageProps>(() => import('./SignUpPage.tsx'));
export const VerifyPage = lazyPage<PageProps>(() => import('./VerifyPage.tsx'));
export const ResetRequestPage = lazyPage<PageProps>(() =>
  import('./ResetPages.tsx').then((m) => ({ default: m.ResetRequestPage })),
);
export const ResetConfirmPage = lazyPage<PageProps>(() =>
  import('./ResetPages.tsx').then((m) => ({ default: m.ResetConfirmPage })),
);
export const ProfilePage = lazyPage<PageProps>(() => import('./ProfilePage.tsx'));
export const MessagesPage = lazyPage<PageProps>(() => import('../dialogue/MessagesPage.tsx'));
export const ConversationPage = lazyPage<PageProps>(() =>
  import('../dialogue/MessagesPage.tsx').then((m) => ({ default: m.ConversationPage })),
);
export const PrivacyCentrePage = lazyPage<PageProps>(
  () => import('../privacy/PrivacyCentrePage.tsx'),
);
export const UnsubscribePage = lazyPage<PageProps>(() => import('./UnsubscribePage.tsx'));
