// An order's lines in the console: each design × quantity with its price lines, the contract
// term that set each amount, the line's total and date (not shown for a single design of 1).
import type { CustomerOrder, OrderItem } from '../api/types.ts';
import { formatMoney } from '../studio/format.ts';
import { formatDate } from '../ui/dates.ts';

const TERM: Record<string, string> = {
  'percent-off': 'contract % off',
  'option-price': 'contract option price',
  'design-price': 'approved design price',
  'volume-tier': 'volume tier',
  floor: 'floor',
  quote: 'quoted discount',
};

export function OrderItems({ order }: { order: CustomerOrder }) {
  const items: OrderItem[] = order.items ?? [];
  // A single design of quantity 1 at list price says nothing the price lines below do not.
  const plain = items.length === 1 && items[0]!.quantity === 1 && items[0]!.priceListId === null;
  if (items.length === 0 || plain) return null;
  return (
    <section className="card" aria-labelledby="items-title">
      <h2 id="items-title">Lines and quantities</h2>
      <table className="lines" data-testid="order-items">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col">Promised</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.position}>
              <td>
                {item.position + 1}
                <ul className="plain">
                  {item.lines.map((l, i) => (
                    <li key={i}>
                      {l.label}: {formatMoney(l.amount, item.currency)}
                      {l.term && TERM[l.term.kind] ? ` (${TERM[l.term.kind]})` : ''}
                    </li>
                  ))}
                </ul>
              </td>
              <td className="num">{item.quantity}</td>
              <td className="num">{formatMoney(item.total, item.currency)}</td>
              <td>{formatDate(item.promisedDate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
