// `/account/profile`: the customer's name, phone, contact channels and addresses; links to
// messages and the privacy centre; sign out here or everywhere (every session ends).
import { useRef, useState, type FormEvent } from 'react';
import type { PageProps } from '../routes.tsx';
import { useSession } from '../session.tsx';
import { Link, navigate } from '../router/router.tsx';
import { FormAlert, SelectField, TextField, useSubmit } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { SignInFirst } from '../dialogue/SignInFirst.tsx';
import { account, type Address, type Channel, type Profile } from './api.ts';
import '../dialogue/dialogue.css';

const CHANNEL_KINDS = [
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone' },
  { value: 'sms', label: 'Text message' },
  { value: 'post', label: 'Post' },
];

const emptyAddress = (): Address => ({
  label: '',
  lines: [''],
  postalCode: '',
  city: '',
  country: '',
});

export function ProfilePage(_props: PageProps) {
  usePageTitle('Your details');
  const { state } = useSession();
  if (state.status === 'loading') return <Loading label="Loading" />;
  if (state.status !== 'signed-in' || state.session.user.kind !== 'customer') {
    return <SignInFirst title="Your details" />;
  }
  return <ProfileLoader />;
}

function ProfileLoader() {
  const profile = useResource(() => account.profile());
  if (profile.error) {
    return (
      <div className="container page">
        <h1>Your details</h1>
        <FormAlert error={profile.error} />
      </div>
    );
  }
  if (!profile.data) return <Loading label="Loading your details" />;
  return <ProfileForm initial={profile.data} />;
}

function ProfileForm({ initial }: { initial: Profile }) {
  const { signOut } = useSession();
  const [name, setName] = useState(initial.name);
  const [phone, setPhone] = useState(initial.phone ?? '');
  const [channels, setChannels] = useState<Channel[]>(initial.channels);
  const [addresses, setAddresses] = useState<Address[]>(initial.addresses);
  const [saved, setSaved] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const out = useSubmit();

  const save = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void submit.run(async () => {
      const p = await account.updateProfile({
        name: name.trim(),
        phone: phone.trim() || null,
        channels: channels.filter((c) => c.value.trim()),
        addresses: addresses
          .filter((a) => a.city.trim() || a.lines.some((l) => l.trim()))
          .map((a) => ({ ...a, lines: a.lines.filter((l) => l.trim()) })),
      });
      setChannels(p.channels);
      setAddresses(p.addresses);
      setSaved(true);
    });
  };

  const setChannel = (i: number, patch: Partial<Channel>) =>
    setChannels((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const setAddress = (i: number, patch: Partial<Address>) =>
    setAddresses((as) => as.map((a, j) => (j === i ? { ...a, ...patch } : a)));

  return (
    <div className="container page">
      <h1>Your details</h1>
      <p>
        <Link to="/account/messages">Messages</Link> ·{' '}
        <Link to="/account/privacy">Privacy centre</Link>
      </p>
      <form ref={form} onSubmit={save} className="card stack">
        <p>
          Email: <strong>{initial.email}</strong>{' '}
          {initial.emailVerified ? <span className="badge">confirmed</span> : null}
        </p>
        <TextField
          label="Name"
          required
          value={name}
          error={submit.fieldErrors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          label="Phone"
          type="tel"
          autoComplete="tel"
          value={phone}
          error={submit.fieldErrors.phone}
          onChange={(e) => setPhone(e.target.value)}
        />
        <fieldset className="stack">
          <legend>How we may reach you</legend>
          {channels.map((c, i) => (
            <div key={i} className="button-row">
              <SelectField
                label={`Channel ${i + 1}`}
                value={c.kind}
                options={CHANNEL_KINDS}
                onChange={(e) => setChannel(i, { kind: e.target.value as Channel['kind'] })}
              />
              <TextField
                label={`Channel ${i + 1} address or number`}
                required
                value={c.value}
                onChange={(e) => setChannel(i, { value: e.target.value })}
              />
              <button
                type="button"
                className="button button--ghost"
                onClick={() => setChannels((cs) => cs.filter((_, j) => j !== i))}
              >
                Remove channel {i + 1}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button button--ghost"
            onClick={() => setChannels((cs) => [...cs, { kind: 'email', value: '' }])}
          >
            Add a channel
          </button>
        </fieldset>
        <fieldset className="stack">
          <legend>Addresses</legend>
          {addresses.map((a, i) => (
            <div key={i} className="stack">
              <TextField
                label={`Address ${i + 1} label`}
                value={a.label}
                placeholder="Home"
                onChange={(e) => setAddress(i, { label: e.target.value })}
              />
              <TextField
                label={`Address ${i + 1} street`}
                required
                value={a.lines[0] ?? ''}
                autoComplete="address-line1"
                onChange={(e) => setAddress(i, { lines: [e.target.value, ...a.lines.slice(1)] })}
              />
              <TextField
                label={`Address ${i + 1} postal code`}
                required
                value={a.postalCode}
                autoComplete="postal-code"
                onChange={(e) => setAddress(i, { postalCode: e.target.value })}
              />
              <TextField
                label={`Address ${i + 1} city`}
                required
                value={a.city}
                autoComplete="address-level2"
                onChange={(e) => setAddress(i, { city: e.target.value })}
              />
              <TextField
                label={`Address ${i + 1} country`}
                required
                value={a.country}
                autoComplete="country-name"
                onChange={(e) => setAddress(i, { country: e.target.value })}
              />
              <button
                type="button"
                className="button button--ghost"
                onClick={() => setAddresses((as) => as.filter((_, j) => j !== i))}
              >
                Remove address {i + 1}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button button--ghost"
            onClick={() => setAddresses((as) => [...as, emptyAddress()])}
          >
            Add an address
          </button>
        </fieldset>
        <FormAlert error={submit.error} />
        {saved ? <p role="status">Your details are saved.</p> : null}
        <button type="submit" className="button" disabled={submit.busy}>
          Save details
        </button>
      </form>
      <section className="card stack" aria-labelledby="signing-out">
        <h2 id="signing-out">Signing out</h2>
        <p>Signing out everywhere ends your sessions on every device, including this one.</p>
        <FormAlert error={out.error} />
        <div className="button-row">
          <button
            type="button"
            className="button button--ghost"
            disabled={out.busy}
            onClick={() =>
              void out.run(async () => {
                await signOut();
                navigate('/');
              })
            }
          >
            Sign out
          </button>
          <button
            type="button"
            className="button button--ghost"
            disabled={out.busy}
            onClick={() =>
              void out.run(async () => {
                await account.signOutEverywhere();
                await signOut().catch(() => undefined);
                navigate('/');
              })
            }
          >
            Sign out everywhere
          </button>
        </div>
      </section>
    </div>
  );
}

export default ProfilePage;
