// `/`: where a customer starts designing. The studio (configuration engine UI, live price and
// delivery date) replaces the #studio placeholder section.
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useFirmName } from './useFirmName.ts';

export function LandingPage(_props: PageProps) {
  const firm = useFirmName();
  usePageTitle('Design your product', firm);
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <div className="container">
          <h1 id="hero-title">Design your product</h1>
          <p className="hero__lead">
            Shape it to your needs, within what {firm === 'Customerize' ? 'the maker' : firm} can
            build. You see the price and the delivery date as you go, and you order only when it is
            right.
          </p>
        </div>
      </section>
      <div className="container">
        <section id="studio" className="studio-placeholder" aria-labelledby="studio-title">
          <h2 id="studio-title">Studio</h2>
          <p>The product catalog is not published yet. Please come back soon.</p>
        </section>
        <section aria-labelledby="steps-title" className="steps">
          <h2 id="steps-title">How it works</h2>
          <ol className="steps__list">
            <li>
              <h3>Choose and configure</h3>
              <p>Pick a product and set its options. Choices that do not fit explain why.</p>
            </li>
            <li>
              <h3>See price and delivery</h3>
              <p>Every change updates the price and the date it can be delivered.</p>
            </li>
            <li>
              <h3>Order and talk to us</h3>
              <p>Your product is built to order, and you keep one conversation with the maker.</p>
            </li>
          </ol>
        </section>
      </div>
    </>
  );
}
