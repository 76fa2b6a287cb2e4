// `/console/catalog`: the firm's product families (GET /products) and a form to add one
// (designers and owners). Each opens its versions and model editor.
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { Link, navigate } from '../router/router.tsx';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

export function canEditCatalog(role: string): boolean {
  return role === 'designer' || role === 'owner';
}

export function CatalogPage({ session }: ConsolePageProps) {
  usePageTitle('Catalog', session.tenant.name);
  const products = useResource(() => api.catalog.list());
  return (
    <>
      <PageHeader title="Catalog">
        Your product families. Each has versions of its model; customers design on the published
        one, and designs and orders keep the version they were made with.
      </PageHeader>
      {products.error ? <FormAlert error={products.error} /> : null}
      {products.loading && !products.data ? <Loading label="Loading the catalog" /> : null}
      {products.data ? (
        <div className="table-wrap" role="region" aria-label="Products" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Short name</th>
                <th scope="col">Published version</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {products.data.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/console/catalog/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                  </td>
                  <td className="mono">{p.slug}</td>
                  <td>{p.publishedVersion ? `Version ${p.publishedVersion.number}` : '—'}</td>
                  <td>
                    <DateTime value={p.createdAt ?? null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canEditCatalog(session.user.role) ? <NewProductForm /> : null}
    </>
  );
}

function NewProductForm() {
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const p = await api.catalog.create({ slug: slug.trim(), name: name.trim() });
      navigate(`/console/catalog/${encodeURIComponent(p.id)}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="section" aria-labelledby="new-product-title">
      <h2 id="new-product-title">Add a product</h2>
      <form className="card form form--grid" onSubmit={(e) => void submit(e)}>
        <FormAlert error={error} />
        <TextField
          label="Product name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          label="Short name"
          required
          pattern="[a-z0-9][a-z0-9-]*"
          value={slug}
          onChange={(e) => setSlug(e.target.value)}
          hint="Lower-case letters, digits and dashes; used in the studio address."
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Add product
          </button>
        </div>
      </form>
    </section>
  );
}
