// `/console/catalog/:id`: one product family — its versions (draft, published, retired), the
// model editor (a textarea with "Check" showing parse and consistency issues with line numbers),
// saving a draft version, previewing a version in the studio editor and publishing it.
import { useEffect, useState, type FormEvent } from 'react';
import { compile, type CompiledModel, type ProductModel } from '@customerize/engine';
import { api, ApiError } from '../api/client.ts';
import type { ModelIssueInfo, ProductVersion } from '../api/types.ts';
import { Link } from '../router/router.tsx';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { useStudio } from '../studio/useStudio.ts';
import { StudioEditor } from '../studio/StudioEditor.tsx';
import { Summary } from '../studio/Summary.tsx';
import type { ConsolePageProps } from './routes.tsx';
import { canEditCatalog } from './CatalogPage.tsx';

export function ProductDetailPage({ params, session }: ConsolePageProps) {
  const id = params.id ?? '';
  const product = useResource(() => api.catalog.get(id));
  usePageTitle(product.data?.name ?? 'Product', session.tenant.name);
  const [source, setSource] = useState<string | null>(null);
  const [format, setFormat] = useState<'yaml' | 'json'>('yaml');
  const [issues, setIssues] = useState<ModelIssueInfo[] | null>(null);
  const [stats, setStats] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [preview, setPreview] = useState<ProductVersion | null>(null);
  const editable = canEditCatalog(session.user.role);
  const versions = [...(product.data?.versions ?? [])].sort((a, b) => b.number - a.number);
  const latest = versions[0];

  useEffect(() => {
    if (source !== null || !latest) return;
    api.catalog.version(id, latest.id).then(
      (v) => {
        setSource(v.source ?? '');
        if (v.format) setFormat(v.format);
      },
      () => setSource(''),
    );
  }, [id, latest, source]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      await action();
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) {
        setIssues(
          e.errors.map((x) => ({
            message: x.message,
            line:
              typeof (x as { line?: number }).line === 'number'
                ? (x as { line?: number }).line
                : null,
          })),
        );
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const check = () =>
    run(async () => {
      const r = await api.catalog.check({ source: source ?? '', format });
      setIssues(r.issues);
      setStats(
        r.stats
          ? `${r.stats.count ?? 'Many'} possible products; compiled (${r.stats.backend}) in ${Math.round(r.stats.compileMs)} ms.`
          : '',
      );
      setStatus(r.ok ? 'The model is valid.' : `${r.issues.length} issues found.`);
    });

  const saveDraft = () =>
    run(async () => {
      const v = await api.catalog.createVersion(id, { source: source ?? '', format });
      setStatus(`Saved as draft version ${v.number}.`);
      setIssues(v.issues ?? []);
      await product.reload();
    });

  const publish = (v: ProductVersion) =>
    run(async () => {
      await api.catalog.publish(id, v.id);
      setStatus(`Version ${v.number} is published. Customers now design on it.`);
      await product.reload();
    });

  const openPreview = (v: ProductVersion) =>
    run(async () => {
      const full = await api.catalog.version(id, v.id);
      setPreview(full);
    });

  if (product.error) return <FormAlert error={product.error} />;
  if (!product.data) return <Loading label="Loading the product" />;
  const lines = (source ?? '').split('\n').length;

  return (
    <>
      <p className="eyebrow">
        <Link to="/console/catalog">Catalog</Link>
      </p>
      <PageHeader title={product.data.name}>
        <span className="mono">{product.data.slug}</span> · customers open it at{' '}
        <Link to={`/p/${encodeURIComponent(product.data.slug)}`}>/p/{product.data.slug}</Link>
      </PageHeader>
      <p role="status" className="status-text">
        {status}
      </p>
      <FormAlert error={error} />
      <section className="section" aria-labelledby="versions-title">
        <h2 id="versions-title">Versions</h2>
        <div className="table-wrap" role="region" aria-labelledby="versions-title" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Published</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <td>{v.number}</td>
                  <td>
                    <span
                      className={`badge ${v.status === 'published' ? 'badge--ok' : 'badge--muted'}`}
                    >
                      {v.status}
                    </span>
                  </td>
                  <td>
                    <DateTime value={v.createdAt} />
                  </td>
                  <td>
                    <DateTime value={v.publishedAt} />
                  </td>
                  <td className="table__actions">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => void openPreview(v)}
                    >
                      Preview version {v.number} in studio
                    </button>
                    {editable && v.status === 'draft' ? (
                      <button
                        type="button"
                        className="button button--small button--primary"
                        disabled={busy}
                        onClick={() => void publish(v)}
                      >
                        Publish version {v.number}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {editable ? <AssetUpload prefix={`${product.data.slug}/`} /> : null}
      {preview ? (
        <DraftPreview
          version={preview}
          assetsBase={`/api/v1/shop/${encodeURIComponent(session.tenant.slug)}/assets/${product.data.slug}/`}
          onClose={() => setPreview(null)}
        />
      ) : null}
      <section className="section" aria-labelledby="model-title">
        <h2 id="model-title">Model</h2>
        {source === null && latest ? (
          <Loading label="Loading the model" />
        ) : (
          <div className="model-editor">
            <div className="field">
              <label htmlFor="model-source">
                Model source ({format.toUpperCase()}, {lines} lines)
              </label>
              <textarea
                id="model-source"
                className="code"
                spellCheck={false}
                rows={24}
                value={source ?? ''}
                readOnly={!editable}
                aria-describedby="model-issues"
                onChange={(e) => {
                  setSource(e.target.value);
                  setIssues(null);
                }}
              />
            </div>
            <div className="form__actions">
              {editable ? (
                <label className="button button--file">
                  Load a file…
                  <input
                    type="file"
                    accept=".yaml,.yml,.json"
                    className="visually-hidden"
                    onChange={(e) => {
                      const file = e.target.files?.[0];
                      if (!file) return;
                      void file.text().then((text) => {
                        setSource(text);
                        setFormat(/\.json$/i.test(file.name) ? 'json' : 'yaml');
                        setIssues(null);
                        setStatus(`Loaded ${file.name}. Check it, then save it as a draft.`);
                      });
                    }}
                  />
                </label>
              ) : null}
              <label className="check">
                <input
                  type="checkbox"
                  checked={format === 'json'}
                  onChange={(e) => setFormat(e.target.checked ? 'json' : 'yaml')}
                />
                JSON instead of YAML
              </label>
              <button type="button" className="button" disabled={busy} onClick={() => void check()}>
                Check
              </button>
              {editable ? (
                <button
                  type="button"
                  className="button button--primary"
                  disabled={busy}
                  onClick={() => void saveDraft()}
                >
                  Save as draft version
                </button>
              ) : null}
            </div>
            <div id="model-issues">
              {stats ? <p className="muted">{stats}</p> : null}
              {issues && issues.length ? (
                <ul className="issues">
                  {issues.map((i, n) => (
                    <li key={n}>
                      {i.line ? (
                        <span className="issues__line">
                          Line {i.line}
                          {i.column ? `:${i.column}` : ''}
                        </span>
                      ) : null}
                      {i.path ? <code>{i.path}</code> : null} {i.message}
                    </li>
                  ))}
                </ul>
              ) : issues ? (
                <p className="status-text">No issues.</p>
              ) : null}
            </div>
          </div>
        )}
      </section>
    </>
  );
}

function DraftPreview({
  version,
  assetsBase,
  onClose,
}: {
  version: ProductVersion;
  /** Where the product's option assets are served (the shop's asset path of this product). */
  assetsBase: string;
  onClose: () => void;
}) {
  const [compiled] = useState(() => {
    try {
      return compile(version.model as ProductModel);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  });
  if (compiled instanceof Error) {
    return (
      <div className="alert alert--error section" role="alert">
        <p className="alert__title">Version {version.number} cannot be previewed</p>
        <p>{compiled.message}</p>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    );
  }
  return (
    <CompiledPreview
      compiled={compiled}
      version={version}
      assetsBase={assetsBase}
      onClose={onClose}
    />
  );
}

function CompiledPreview({
  compiled,
  version,
  assetsBase,
  onClose,
}: {
  compiled: CompiledModel;
  version: ProductVersion;
  assetsBase: string;
  onClose: () => void;
}) {
  const model = compiled.model;
  const studio = useStudio(compiled, model.defaults ?? {});
  const product = {
    name: model.name,
    slug: model.id,
    model,
    versionId: null,
    popularity: {},
    assetsBase,
  };
  return (
    <section className="section preview-pane" aria-labelledby="preview-title">
      <div className="preview-pane__head">
        <h2 id="preview-title">Studio preview of version {version.number}</h2>
        <button type="button" className="button" onClick={onClose}>
          Close preview
        </button>
      </div>
      <div className="studio">
        <StudioEditor product={product} studio={studio} />
        <Summary product={product} studio={studio} serverQuote={null} quoting={false} />
      </div>
    </section>
  );
}

/** Uploads an option asset (SVG/PNG layer) under `<product slug>/<name>`, the key models use. */
function AssetUpload({ prefix }: { prefix: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await api.assets.upload(file, prefix + name.trim());
      setDone(
        `Stored ${saved.key} (${Math.ceil(saved.size / 1024)} KB). Options name it “${saved.key.slice(prefix.length)}” in their assets.`,
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="section" aria-labelledby="assets-title">
      <h2 id="assets-title">Option assets</h2>
      <form className="card form form--grid" onSubmit={(e) => void submit(e)}>
        <FormAlert error={error} />
        <div className="field">
          <label htmlFor="asset-file">Image or SVG layer</label>
          <input
            id="asset-file"
            type="file"
            accept=".svg,.png,.jpg,.jpeg,.webp,image/*"
            required
            onChange={(e) => {
              const f = e.target.files?.[0] ?? null;
              setFile(f);
              if (f && !name) setName(f.name.replace(/\.[^.]+$/, ''));
            }}
          />
        </div>
        <TextField
          label="Asset name"
          required
          value={name}
          pattern="[A-Za-z0-9._-]+"
          onChange={(e) => setName(e.target.value)}
          hint={`Stored as ${prefix}${name || '…'}; list it in an option's assets.`}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy || !file}>
            Upload asset
          </button>
          <span role="status" className="status-text">
            {done}
          </span>
        </div>
      </form>
    </section>
  );
}
