// <ConversationPanel> in its own chunk, for eagerly loaded pages (the design and order pages):
// the studio's first load does not carry the dialogue code.
import { lazy, Suspense, type ComponentProps } from 'react';
import { Loading } from '../ui/Loading.tsx';

const Panel = lazy(() =>
  import('./ConversationPanel.tsx').then((m) => ({ default: m.ConversationPanel })),
);

export function LazyConversationPanel(props: ComponentProps<typeof Panel>) {
  return (
    <Suspense fallback={<Loading label="Loading the conversation" />}>
      <Panel {...props} />
    </Suspense>
  );
}
