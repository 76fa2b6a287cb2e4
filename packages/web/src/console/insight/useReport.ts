// State of an insight report page: the filter (product defaults to the firm's first product) and
// the report loaded for it, reloaded whenever the filter changes.
import { useEffect, useState } from 'react';
import { useResource } from '../../ui/useResource.ts';
import { useProducts, type ReportPeriod } from './ReportFilter.tsx';

export function useReport<F extends ReportPeriod, T>(initial: F, load: (filter: F) => Promise<T>) {
  const products = useProducts();
  const [filter, setFilter] = useState<F>(initial);
  const first = products.data?.[0]?.id;
  const effective = filter.product || first || '';
  const report = useResource<T | null>(() =>
    effective ? load({ ...filter, product: effective }) : Promise.resolve(null),
  );
  const key = JSON.stringify({ ...filter, product: effective });
  useEffect(() => {
    void report.reload();
    // Reload when the filter (or the default product) changes.
  }, [key]);
  return {
    products: products.data ?? [],
    productsError: products.error,
    filter: { ...filter, product: effective },
    setFilter,
    report,
  };
}
