// `/account/signup`: name, email and password; the server emails a verification link and
// answers the same whether or not the address already has an account (no enumeration).
import { useRef, useState, type FormEvent } from 'react';
import type { PageProps } from '../routes.tsx';
import { Link } from '../router/router.tsx';
import { FormAlert, TextField, useSubmit } from '../ui/forms.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { loadStorefront } from '../studio/storefront.ts';
import { account, MIN_PASSWORD_LENGTH } from './api.ts';

export function SignUpPage(_props: PageProps) {
  usePageTitle('Create an account');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const shop = await loadStorefront();
      await account.signUp({
        tenant: shop.tenant.slug,
        name: name.trim(),
        email: email.trim(),
        password,
      });
      setSentTo(email.trim());
    });
  };

  if (sentTo) {
    return (
      <div className="container page narrow">
        <h1>Check your email</h1>
        <div className="card" role="status">
          <p>
            We sent a link to <strong>{sentTo}</strong>. Open it within 24 hours to finish creating
            your account. Designs and orders you made as a guest with this address become yours.
          </p>
        </div>
      </div>
    );
  }

  return (
    <div className="container page narrow">
      <h1>Create an account</h1>
      <form ref={form} onSubmit={onSubmit} className="card stack" noValidate>
        <TextField
          label="Name"
          autoComplete="name"
          required
          value={name}
          error={submit.fieldErrors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={email}
          error={submit.fieldErrors.email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          value={password}
          error={submit.fieldErrors.password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <FormAlert error={submit.error} />
        <button type="submit" className="button" disabled={submit.busy}>
          Create account
        </button>
        <p>
          Already have one? <Link to="/account/signin">Sign in</Link>
        </p>
      </form>
    </div>
  );
}

export default SignUpPage;
