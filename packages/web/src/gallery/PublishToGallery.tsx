// "Publish to gallery" on a signed-in customer's saved design: a title, a story and the name to
// be shown by (never their own unless they type it). Only the choices are published — no
// personal texts, no measurements. Publishing needs the co-creation consent; without it the
// server's answer says so and the link leads to the privacy centre.
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import { FormAlert, TextField, useSubmit } from '../ui/forms.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session.tsx';
import { myPublications, type OwnPublication } from '../api/gallery.ts';

export function PublishToGallery({ designId }: { designId: string }) {
  const { state } = useSession();
  const [title, setTitle] = useState('');
  const [story, setStory] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [done, setDone] = useState<OwnPublication | null>(null);
  const submit = useSubmit();
  if (state.status !== 'signed-in' || state.session.user.kind !== 'customer') return null;

  const publish = async (e: FormEvent) => {
    e.preventDefault();
    await submit.run(async () => {
      setDone(
        await myPublications.publish({
          designId,
          title,
          story,
          ...(displayName.trim() ? { displayName } : {}),
        }),
      );
    });
  };
  const needsConsent =
    submit.error instanceof ApiError && submit.error.errors.some((x) => x.field === 'consent');

  return (
    <section className="section" aria-labelledby="publish-title" data-testid="publish-to-gallery">
      <h2 id="publish-title">Publish to gallery</h2>
      {done ? (
        <p role="status">
          Published as “{done.title}” by {done.displayName}.{' '}
          <Link to={`/gallery/${encodeURIComponent(done.id)}`}>See it in the gallery</Link>
        </p>
      ) : (
        <form onSubmit={(e) => void publish(e)} aria-label="Publish to gallery">
          <p className="muted">
            Others will see the choices of this design (not your personal texts or measurements),
            the title and story you write, and the name you choose.
          </p>
          <FormAlert error={submit.error} />
          {needsConsent ? (
            <p>
              <Link to="/account/privacy">Give your co-creation consent in the privacy centre</Link>
            </p>
          ) : null}
          <TextField
            label="Title"
            required
            maxLength={120}
            value={title}
            error={submit.fieldErrors.title}
            onChange={(e) => setTitle(e.target.value)}
          />
          <div className="field">
            <label htmlFor="publish-story">
              Story <span className="field__optional">(optional)</span>
            </label>
            <textarea
              id="publish-story"
              maxLength={2000}
              value={story}
              onChange={(e) => setStory(e.target.value)}
            />
            {submit.fieldErrors.story ? (
              <p className="field__error">{submit.fieldErrors.story}</p>
            ) : null}
          </div>
          <TextField
            label="Shown as"
            hint="A name you choose; without one you are shown as “A customer”."
            maxLength={40}
            value={displayName}
            error={submit.fieldErrors.displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
          <button type="submit" className="button" disabled={submit.busy}>
            Publish
          </button>
        </form>
      )}
    </section>
  );
}
