// The order panel's quantity and contract prices: a debounced multi-line quote of the design ×
// quantity (the server prices it with the signed-in buyer's company contract) and its price
// lines, each with the contract term that set it.
import { useEffect, useState } from 'react';
import type { ShopApi } from '../api/client.ts';
import { linesApi, termLabel, type LineInput, type LinesQuote } from '../api/contracts.ts';
import { formatMoney } from './format.ts';

/** The lines quote of `line`, or null while it is stale, loading or not wanted. */
export function useLinesQuote(
  shop: ShopApi,
  line: LineInput | null,
): { quote: LinesQuote | null; error: unknown; refresh: (q: LinesQuote) => void } {
  const key = line ? JSON.stringify(line) : '';
  const [answer, setAnswer] = useState<{ key: string; quote: LinesQuote } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!line) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      linesApi
        .quote(shop, [line], controller.signal)
        .then((quote) => {
          setAnswer({ key, quote });
          setError(null);
        })
        .catch((e: unknown) => {
          if (!controller.signal.aborted) setError(e);
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `key` stands for `line` (a new object each render).
  }, [shop, key]);
  return {
    quote: answer && answer.key === key ? answer.quote : null,
    error,
    refresh: (quote) => setAnswer({ key, quote }),
  };
}

export function ContractLinesTable({ quote }: { quote: LinesQuote }) {
  const line = quote.lines[0];
  if (!line) return null;
  return (
    <table className="lines" aria-label="Price lines" data-testid="contract-lines">
      <tbody>
        {line.lines.map((l, i) => {
          const term = termLabel(l.term);
          return (
            <tr key={i}>
              <td>
                {l.label} × {l.quantity}
                {term ? (
                  <>
                    {' '}
                    <span className="badge badge--info">{term}</span>
                  </>
                ) : null}
              </td>
              <td className="num">{formatMoney(l.amount, quote.currency)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
