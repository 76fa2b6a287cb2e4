// Sets document.title to "<page> · <firm or Customerize>" while the page is shown.
import { useEffect } from 'react';

export function usePageTitle(page: string, firm?: string): void {
  useEffect(() => {
    document.title = `${page} · ${firm || 'Customerize'}`;
  }, [page, firm]);
}
