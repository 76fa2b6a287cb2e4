// The filter above an insight report: which product and which period (days in the firm's time
// zone; empty: the last 365 days), plus any fields the report adds. Submitting reloads it.
import type { ReactNode } from 'react';
import { api } from '../../api/client.ts';
import { SelectField, TextField } from '../../ui/forms.tsx';
import { useResource } from '../../ui/useResource.ts';

export type ReportPeriod = { product: string; from: string; to: string };

export function useProducts() {
  return useResource(() => api.catalog.list());
}

export function ReportFilter({
  label,
  value,
  products,
  onChange,
  children,
}: {
  label: string;
  value: ReportPeriod;
  products: readonly { id: string; name: string }[];
  onChange: (next: ReportPeriod) => void;
  children?: ReactNode;
}) {
  return (
    <form
      className="card form form--grid"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onChange(value);
      }}
    >
      <SelectField
        label="Product"
        value={value.product}
        options={products.map((p) => ({ value: p.id, label: p.name }))}
        onChange={(e) => onChange({ ...value, product: e.target.value })}
      />
      <TextField
        label="From"
        type="date"
        value={value.from}
        onChange={(e) => onChange({ ...value, from: e.target.value })}
      />
      <TextField
        label="To"
        type="date"
        value={value.to}
        onChange={(e) => onChange({ ...value, to: e.target.value })}
      />
      {children}
      {products.length === 0 ? <p className="muted">No product yet.</p> : null}
    </form>
  );
}
