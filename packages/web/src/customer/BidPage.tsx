// `/bids/:id?token=…`: one bid, reached from the link emailed to a guest (a signed-in customer
// needs no token). An accepted offer shows what will be built and confirms into an order, like the
// studio's answer; otherwise the bid's status and the way on (the order, or a new bid).
import type { ProductModel } from '@customerize/engine';
import type { PageProps } from '../routes.tsx';
import { BID_STATUS_LABELS, shopBids, type BidAnswer } from '../api/bids.ts';
import { Link } from '../router/router.tsx';
import { answerWords } from '../studio/bids.ts';
import { formatMoney } from '../studio/format.ts';
import { AcceptedOffer } from '../studio/NamePrice.tsx';
import { shopApi } from '../studio/storefront.ts';
import { formatDate } from '../ui/dates.ts';
import { FormAlert } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import '../studio/bids.css';

export function BidPage({ params }: PageProps) {
  const id = params.id ?? '';
  return <BidLoader key={id} id={id} />;
}

const models = new Map<string, Promise<ProductModel | undefined>>();

/** The model that names the bid's choices in words (the server names the product bid on). */
export function modelFor(bid: BidAnswer): Promise<ProductModel | undefined> {
  const slug = bid.product?.slug;
  if (!slug) return Promise.resolve(undefined);
  let found = models.get(slug);
  if (!found) {
    found = (async () => (await (await shopApi()).product(slug)).model as ProductModel)();
    found.catch(() => models.delete(slug));
    models.set(slug, found);
  }
  return found;
}

function BidLoader({ id }: { id: string }) {
  const token = new URLSearchParams(window.location.search).get('token');
  const bid = useResource(async () => {
    const shop = await shopApi();
    const answer = await shopBids(shop).get(id, token);
    const model = await modelFor(answer).catch(() => undefined);
    return { shop, answer: { ...answer, ...(token ? { token } : {}) }, model };
  });
  usePageTitle('Your bid');
  if (bid.error) {
    return (
      <div className="container page">
        <h1>Your bid</h1>
        <FormAlert error={bid.error} />
        <p>
          <Link to="/">Back to the start</Link>
        </p>
      </div>
    );
  }
  if (!bid.data) return <Loading label="Loading your bid" />;
  const { shop, answer, model } = bid.data;
  const words = model ? answerWords(answer, model) : null;
  return (
    <div className="container page">
      <p className="eyebrow">Name your price</p>
      <h1>Your bid of {formatMoney(answer.price.amount, answer.price.currency)}</h1>
      <p>
        Status: <strong data-testid="bid-status">{BID_STATUS_LABELS[answer.status]}</strong>.
        Delivery by {formatDate(answer.latestDate)} at the latest.
      </p>
      {answer.status === 'accepted' && words?.kind === 'accepted' ? (
        <section className="name-price__answer name-price__answer--accepted" aria-label="Offer">
          <AcceptedOffer words={words} answer={answer} shop={shop} />
        </section>
      ) : null}
      {answer.status === 'accepted' && !words ? (
        <p>We could not load the product to show this offer. Please reload the page.</p>
      ) : null}
      {answer.status === 'converted' && answer.orderId ? (
        <p>
          It is ordered.{' '}
          {token ? (
            'The order confirmation email has the link to follow it.'
          ) : (
            <Link to={`/orders/${encodeURIComponent(answer.orderId)}`}>See the order</Link>
          )}
        </p>
      ) : null}
      {answer.status === 'refused' || answer.status === 'expired' ? (
        <p>
          {answer.status === 'expired'
            ? 'The offer was not confirmed in time. '
            : 'This bid was not accepted. '}
          <Link to="/">Design again and name a new price</Link>.
        </p>
      ) : null}
    </div>
  );
}
