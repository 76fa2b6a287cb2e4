// "My publications" in the account: what the customer published, its counts, whether the firm
// adopted it as a community pick (and the reward it gave), and Withdraw.
import { useState } from 'react';
import { FormAlert } from '../ui/forms.tsx';
import { Link } from '../router/router.tsx';
import { useResource } from '../ui/useResource.ts';
import { formatMoney } from '../studio/format.ts';
import { myPublications } from '../api/gallery.ts';

export function MyPublications() {
  const list = useResource(() => myPublications.list());
  const [error, setError] = useState<unknown>(null);
  const withdraw = async (id: string) => {
    setError(null);
    try {
      await myPublications.withdraw(id);
      list.setData((rows) => rows?.filter((r) => r.id !== id));
    } catch (e) {
      setError(e);
    }
  };
  if (!list.data?.length && !list.error) return null;
  return (
    <section
      className="section"
      aria-labelledby="my-publications-title"
      data-testid="my-publications"
    >
      <h2 id="my-publications-title">My publications</h2>
      <FormAlert error={list.error ?? error} />
      <ul className="saved-list">
        {list.data?.map((p) => (
          <li key={p.id}>
            <Link to={`/gallery/${encodeURIComponent(p.id)}`}>{p.title}</Link> ({p.productName}) ·{' '}
            {p.likes} likes · {p.remixes} remixes · {p.comments} comments
            {p.hidden ? <span className="badge">Hidden by the firm</span> : null}
            {p.adopted ? (
              <p data-testid="adopted">
                Your design was adopted as a community pick.
                {p.reward?.amount != null && p.reward.currency
                  ? ` Your reward: ${formatMoney(p.reward.amount, p.reward.currency)} off your next order.`
                  : ''}
              </p>
            ) : null}{' '}
            <button
              type="button"
              className="button button--small button--secondary"
              aria-label={`Withdraw ${p.title} from the gallery`}
              onClick={() => void withdraw(p.id)}
            >
              Withdraw
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
