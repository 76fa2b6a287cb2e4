// `/console/stock`: modules and parts in stock (docs/build-to-order.md#modules-and-stock). Stock
// levels with each item's history (the ledger), receive and adjust stock, open reservations,
// build-ahead suggestions for generic modules with the safety stock pooled against per finished
// variant, and each product's postponement point (the steps done only after the order).
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { canChangeStock, stockApi, type StockItem, type StockItemDetail } from '../api/stock.ts';
import { FormAlert, SelectField, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

const KIND_LABELS: Record<string, string> = {
  receipt: 'Received',
  adjustment: 'Adjusted',
  reservation: 'Reserved for an order',
  consumption: 'Used in production',
  return: 'Returned (order cancelled or changed)',
};
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const skuLabel = (i: { sku: string; unit: string }) => (i.unit ? `${i.sku} (${i.unit})` : i.sku);

export function StockPage({ session }: ConsolePageProps) {
  usePageTitle('Stock', session.tenant.name);
  const mayChange = canChangeStock(session);
  const items = useResource(() => stockApi.items());
  const reservations = useResource(() => stockApi.reservations());
  const [serviceLevel, setServiceLevel] = useState(0.95);
  const builds = useResource(() => stockApi.replenishment(serviceLevel));
  const [open, setOpen] = useState<StockItemDetail | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);

  const show = async (item: StockItem) => {
    setError(null);
    try {
      setOpen(await stockApi.item(item.id));
    } catch (e) {
      setError(e);
    }
  };
  const changed = (detail: StockItemDetail, message: string) => {
    setOpen(detail);
    items.setData((list) => list?.map((x) => (x.id === detail.id ? detail : x)));
    setStatus(message);
    void builds.reload();
  };

  return (
    <>
      <PageHeader title="Stock">
        Modules built ahead and parts on the shelf. A design whose modules are all here is promised
        from stock: only the steps after the postponement point remain.
      </PageHeader>
      <p role="status" className="status-text">
        {status}
      </p>
      <FormAlert error={error} />

      <section className="section">
        <h2 id="stock-levels">Stock levels</h2>
        {items.error ? <FormAlert error={items.error} /> : null}
        {items.loading && !items.data ? <Loading label="Loading stock" /> : null}
        {items.data ? (
          <div className="table-wrap" role="region" aria-label="Stock levels" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Part or module</th>
                  <th scope="col">On hand</th>
                  <th scope="col">Reserved</th>
                  <th scope="col">Available</th>
                  <th scope="col">Reorder point</th>
                  <th scope="col">Lead time (days)</th>
                  <th scope="col">Kind</th>
                  <th scope="col">History</th>
                </tr>
              </thead>
              <tbody>
                {items.data.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      {skuLabel(i)}
                      {i.description ? <div className="muted">{i.description}</div> : null}
                    </th>
                    <td>{i.onHand}</td>
                    <td>{i.reserved}</td>
                    <td>
                      {i.available}
                      {i.belowReorderPoint ? <span className="badge"> reorder</span> : null}
                    </td>
                    <td>{i.reorderPoint}</td>
                    <td>{i.leadTimeDays}</td>
                    <td>{i.generic ? 'Generic module' : 'Part'}</td>
                    <td>
                      <button type="button" className="button" onClick={() => void show(i)}>
                        History of {i.sku}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      {open ? <ItemHistory item={open} mayChange={mayChange} onChanged={changed} /> : null}
      {mayChange ? (
        <NewItemForm
          onCreated={(d) => {
            items.setData((list) => [...(list ?? []), d]);
            setOpen(d);
            setStatus(`Now stocking ${d.sku}.`);
          }}
        />
      ) : null}

      <section className="section">
        <h2 id="stock-reservations">Reservations</h2>
        <p className="muted">
          Reserved with the order, used when production starts, returned if it is cancelled.
        </p>
        {reservations.error ? <FormAlert error={reservations.error} /> : null}
        {reservations.data && reservations.data.length === 0 ? <p>No open reservations.</p> : null}
        {reservations.data && reservations.data.length > 0 ? (
          <div className="table-wrap" role="region" aria-label="Reservations" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Status</th>
                  <th scope="col">Part or module</th>
                  <th scope="col">Quantity</th>
                </tr>
              </thead>
              <tbody>
                {reservations.data.map((r) => (
                  <tr key={`${r.orderId}-${r.itemId}`}>
                    <th scope="row">
                      <a href={`/console/orders/${r.orderId}`}>#{r.orderNumber}</a>
                    </th>
                    <td>{r.status.replace('_', ' ')}</td>
                    <td>{skuLabel(r)}</td>
                    <td>{r.qty}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="section">
        <h2 id="stock-builds">Suggested builds</h2>
        <p className="muted">
          For generic modules: expected use over the lead time L (the module demand forecast, else
          the last 4 weeks of orders) plus safety stock, less what is available. Safety stock pooled
          over the module’s end variants is z·σ<sub>pooled</sub>·√L; stocking each finished variant
          apart would need Σ z·σ<sub>i</sub>·√L.
        </p>
        <SelectField
          label="Service level"
          value={String(serviceLevel)}
          onChange={(e) => {
            setServiceLevel(Number(e.target.value));
            setTimeout(() => void builds.reload(), 0);
          }}
          options={[0.9, 0.95, 0.98, 0.99].map((p) => ({
            value: String(p),
            label: `${Math.round(p * 100)} %`,
          }))}
        />
        {builds.error ? <FormAlert error={builds.error} /> : null}
        {builds.data && builds.data.suggestions.length === 0 ? (
          <p>No generic modules are stocked yet.</p>
        ) : null}
        {builds.data && builds.data.suggestions.length > 0 ? (
          <div className="table-wrap" role="region" aria-label="Suggested builds" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Module</th>
                  <th scope="col">Available</th>
                  <th scope="col">Use per week</th>
                  <th scope="col">End variants</th>
                  <th scope="col">Safety stock, pooled</th>
                  <th scope="col">Safety stock, per finished variant</th>
                  <th scope="col">Reorder level</th>
                  <th scope="col">Build now</th>
                </tr>
              </thead>
              <tbody>
                {builds.data.suggestions.map((s) => (
                  <tr key={s.itemId}>
                    <th scope="row">{skuLabel(s)}</th>
                    <td>{s.available}</td>
                    <td>
                      {s.weeklyDemand}{' '}
                      <span className="muted">
                        ({s.method === 'forecast' ? 'forecast' : '4-week average'})
                      </span>
                    </td>
                    <td>{s.variants}</td>
                    <td>{s.safetyStockPooled}</td>
                    <td>{s.safetyStockSeparate}</td>
                    <td>{s.reorderLevel}</td>
                    <td>
                      <strong>{s.suggestedBuild}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {builds.data ? <p className="muted">z = {builds.data.z}</p> : null}
      </section>

      <PostponementForm mayChange={mayChange} onSaved={setStatus} />
    </>
  );
}

function ItemHistory({
  item,
  mayChange,
  onChanged,
}: {
  item: StockItemDetail;
  mayChange: boolean;
  onChanged: (d: StockItemDetail, message: string) => void;
}) {
  const [quantity, setQuantity] = useState('1');
  const [note, setNote] = useState('');
  const [kind, setKind] = useState<'receive' | 'adjust'>('receive');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const q = Number(quantity);
      const d =
        kind === 'receive'
          ? await stockApi.receive(item.id, q, note)
          : await stockApi.adjust(item.id, q, note);
      onChanged(d, `${item.sku}: ${kind === 'receive' ? 'received' : 'adjusted by'} ${q}.`);
      setNote('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="section card">
      <h2 id="stock-history">History of {skuLabel(item)}</h2>
      <p>
        On hand {item.onHand}, reserved {item.reserved}, available {item.available}.
      </p>
      {mayChange ? (
        <form
          className="form form--grid"
          onSubmit={(e) => void submit(e)}
          aria-label="Receive or adjust"
        >
          <FormAlert error={error} />
          <SelectField
            label="Change"
            value={kind}
            onChange={(e) => setKind(e.target.value as 'receive' | 'adjust')}
            options={[
              { value: 'receive', label: 'Receive (built or delivered)' },
              { value: 'adjust', label: 'Adjust after a count (+/−)' },
            ]}
          />
          <TextField
            label="Quantity"
            type="number"
            required
            step={1}
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
          <TextField
            label="Note"
            required={kind === 'adjust'}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {kind === 'receive' ? 'Receive' : 'Adjust'}
            </button>
          </div>
        </form>
      ) : null}
      <div className="table-wrap" role="region" aria-label="Stock history" tabIndex={0}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">On hand</th>
              <th scope="col">Reserved</th>
              <th scope="col">By</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {item.movements.map((m) => (
              <tr key={m.id}>
                <td>{new Date(m.at).toLocaleString()}</td>
                <td>
                  {KIND_LABELS[m.kind] ?? m.kind}
                  {m.orderId ? (
                    <>
                      {' '}
                      <a href={`/console/orders/${m.orderId}`}>order</a>
                    </>
                  ) : null}
                </td>
                <td>{signed(m.onHandChange)}</td>
                <td>{signed(m.reservedChange)}</td>
                <td>{m.by}</td>
                <td>{m.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function NewItemForm({ onCreated }: { onCreated: (d: StockItemDetail) => void }) {
  const [sku, setSku] = useState('');
  const [unit, setUnit] = useState('');
  const [onHand, setOnHand] = useState('0');
  const [leadTime, setLeadTime] = useState('7');
  const [reorder, setReorder] = useState('0');
  const [generic, setGeneric] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      onCreated(
        await stockApi.create({
          sku: sku.trim(),
          ...(unit.trim() ? { unit: unit.trim() } : {}),
          onHand: Number(onHand),
          leadTimeDays: Number(leadTime),
          reorderPoint: Number(reorder),
          generic,
        }),
      );
      setSku('');
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form
      className="card form form--grid section"
      onSubmit={(e) => void submit(e)}
      aria-label="Stock a part or module"
    >
      <h2 className="form__title">Stock a part or module</h2>
      <FormAlert error={error} />
      <TextField
        label="Sku (as in the BOM)"
        required
        value={sku}
        onChange={(e) => setSku(e.target.value)}
      />
      <TextField label="Unit" value={unit} onChange={(e) => setUnit(e.target.value)} />
      <TextField
        label="On hand"
        type="number"
        min={0}
        value={onHand}
        onChange={(e) => setOnHand(e.target.value)}
      />
      <TextField
        label="Reorder point"
        type="number"
        min={0}
        value={reorder}
        onChange={(e) => setReorder(e.target.value)}
      />
      <TextField
        label="Lead time (days)"
        type="number"
        min={0}
        max={365}
        value={leadTime}
        onChange={(e) => setLeadTime(e.target.value)}
      />
      <label className="check">
        <input type="checkbox" checked={generic} onChange={(e) => setGeneric(e.target.checked)} />
        Generic module built ahead
      </label>
      <div className="form__actions">
        <button type="submit" className="button button--primary">
          Stock it
        </button>
      </div>
    </form>
  );
}

function PostponementForm({
  mayChange,
  onSaved,
}: {
  mayChange: boolean;
  onSaved: (message: string) => void;
}) {
  const products = useResource(() => api.catalog.list());
  const [productId, setProductId] = useState('');
  const [centers, setCenters] = useState<string[]>([]);
  const [known, setKnown] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const pick = async (id: string) => {
    setProductId(id);
    setError(null);
    if (!id) return;
    try {
      const p = await stockApi.postponement(id);
      setKnown(p.centers);
      setCenters(p.postponedCenters ?? []);
    } catch (e) {
      setError(e);
    }
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      if (centers.length === 0) {
        await stockApi.clearPostponement(productId);
        onSaved('Made to order: no postponement point.');
      } else {
        await stockApi.setPostponement(productId, centers);
        onSaved(`Postponed after the order: ${centers.join(', ')}.`);
      }
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form
      className="card form section"
      onSubmit={(e) => void save(e)}
      aria-label="Postponement point"
    >
      <h2 className="form__title">Postponement point</h2>
      <p className="muted">
        The work centers whose steps happen only after the order (final assembly, personalization).
        Everything before is built ahead into stocked modules.
      </p>
      <FormAlert error={error} />
      <SelectField
        label="Product"
        value={productId}
        onChange={(e) => void pick(e.target.value)}
        options={[
          { value: '', label: 'Choose a product' },
          ...(products.data ?? []).map((p) => ({ value: p.id, label: p.name })),
        ]}
      />
      {productId ? (
        <fieldset>
          <legend>Steps after the order</legend>
          {known.map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                disabled={!mayChange}
                checked={centers.includes(c)}
                onChange={(e) =>
                  setCenters((cs) => (e.target.checked ? [...cs, c] : cs.filter((x) => x !== c)))
                }
              />
              {c}
            </label>
          ))}
        </fieldset>
      ) : null}
      {productId && mayChange ? (
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            Save postponement point
          </button>
        </div>
      ) : null}
    </form>
  );
}
