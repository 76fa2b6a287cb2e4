import type { ConversationStatus } from '../../dialogue/api.ts';

export const STATUS_LABELS: Record<ConversationStatus, string> = {
  open: 'Open',
  waiting: 'Waiting for customer',
  closed: 'Closed',
};
