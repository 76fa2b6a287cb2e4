// `/unsubscribe?token=…`: the link in non-essential emails. One button (not on page load, so a
// mail scanner following links does not unsubscribe anyone).
import { useState } from 'react';
import type { PageProps } from '../routes.tsx';
import { FormAlert, useSubmit } from '../ui/forms.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { account, tokenFromUrl } from './api.ts';

export function UnsubscribePage(_props: PageProps) {
  usePageTitle('Unsubscribe');
  const token = tokenFromUrl();
  const [done, setDone] = useState(false);
  const submit = useSubmit();
  return (
    <div className="container page narrow">
      <h1>Unsubscribe</h1>
      {done ? (
        <p role="status">Done: you will get only essential mail (sign-in links, your orders).</p>
      ) : (
        <div className="card stack">
          <p>Stop news, offers and other non-essential email to this address?</p>
          <FormAlert error={submit.error} />
          <button
            type="button"
            className="button"
            disabled={submit.busy || !token}
            onClick={() =>
              void submit.run(async () => {
                await account.unsubscribe(token);
                setDone(true);
              })
            }
          >
            Unsubscribe
          </button>
        </div>
      )}
    </div>
  );
}

export default UnsubscribePage;
