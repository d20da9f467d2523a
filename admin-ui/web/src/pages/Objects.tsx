import { useEffect, useRef, useState } from 'preact/hooks';
import { AdminError, ApiError, call, Item, KindPath, kinds, Problem } from '../api';
import { Problems } from './Problems';
import { ModelForm, ProviderForm } from './Forms';

interface Draft { name: string; manifest: any; yaml?: string }

/** List, create, edit and delete one kind; every edit is previewed and validated by the server as it is typed. */
export function ObjectsPage({ kind }: { kind: KindPath }) {
  const [items, setItems] = useState<Item[] | null>(null);
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [keys, setKeys] = useState<any[]>([]);
  const load = () => {
    call<{ items: Item[] }>('GET', `/v1/admin/${kind}`).then((r) => setItems(r.items)).catch((e) => setError(e.message));
    if (kind === 'providers') call<{ keys: any[] }>('GET', '/v1/admin/keys').then((r) => setKeys(r.keys)).catch(() => setKeys([]));
  };
  useEffect(load, [kind]);
  const title = { providers: 'Providers', models: 'Models', gateways: 'Gateways' }[kind];
  if (editing) {
    return <Editor kind={kind} item={editing === 'new' ? null : editing} providers={kind === 'models' ? null : null}
      onDone={() => { setEditing(null); load(); }} />;
  }
  return (
    <section>
      <h1>{title}</h1>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="button" onClick={() => setEditing('new')}>New {kinds[kind]}</button>
      {items && items.length === 0 && <p>No {title.toLowerCase()} yet.</p>}
      {items && items.length > 0 && (
        <div class="scroll">
          <table>
            <caption class="sr-only">{title}</caption>
            <thead><tr><th scope="col">Name</th>{columns(kind).map(([h]) => <th scope="col">{h}</th>)}<th scope="col">Source</th><th scope="col">Actions</th></tr></thead>
            <tbody>
              {items.map((item) => (
                <tr data-name={item.name}>
                  <th scope="row">{item.name}</th>
                  {columns(kind).map(([, f]) => <td>{f(item.manifest, keys)}</td>)}
                  <td><code>{item.source}</code>{item.readOnly && <p class="readonly">Read-only: {item.readOnly}</p>}<Conditions manifest={item.manifest} /></td>
                  <td>
                    <button type="button" onClick={() => setEditing(item)}>{item.readOnly ? 'View' : 'Edit'} {item.name}</button>
                    {!item.readOnly && <button type="button" class="danger" onClick={async () => {
                      if (!confirm(`Delete ${kinds[kind]} ${item.name}?`)) return;
                      try { await call('DELETE', `/v1/admin/${kind}/${item.name}`, undefined, { 'if-match': item.version }); load(); }
                      catch (e) { setError((e as Error).message); }
                    }}>Delete {item.name}</button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {kind === 'providers' && <p>Set or rotate keys on the <a href="#/keys">Keys</a> page.</p>}
    </section>
  );
}

function Conditions({ manifest }: { manifest: any }) {
  const conditions: any[] = manifest?.status?.conditions || [];
  if (!conditions.length) return null;
  return <ul class="conditions">{conditions.map((c) => <li>{c.type}={c.status}{c.reason ? ` (${c.reason})` : ''}{c.message ? `: ${c.message}` : ''}</li>)}</ul>;
}

function columns(kind: KindPath): [string, (m: any, keys: any[]) => any][] {
  switch (kind) {
    case 'providers': return [
      ['Protocol', (m) => m.spec?.protocol],
      ['Base URL', (m) => <code>{m.spec?.baseUrl}</code>],
      ['Keys', (m, keys) => <ul class="keys">{keys.filter((k) => k.provider === m.metadata.name).map((k) =>
        <li>{k.secret}/{k.key ?? '*'} {k.digest && <code>{k.digest}</code>} <span class={`state ${k.state}`}>{k.state}{k.until ? ` until ${k.until}` : ''}{k.reason ? ` (${k.reason})` : ''}</span></li>)}</ul>],
    ];
    case 'models': return [
      ['Routes', (m) => (m.spec?.routes || []).map((r: any) => `${r.provider}/${r.model}${r.weight ? ` ×${r.weight}` : ''}`).join(', ')],
      ['Strategy', (m) => m.spec?.strategy || 'Ordered'],
      ['Fallbacks', (m) => (m.spec?.fallbacks || []).join(', ')],
      ['Aliases', (m) => (m.spec?.aliases || []).join(', ')],
      ['Context window', (m) => m.spec?.contextWindow ?? ''],
    ];
    case 'gateways': return [
      ['Clients', (m) => m.spec?.clientKeys?.secretRef ? `Secret ${m.spec.clientKeys.secretRef.name} (names only)` : 'none (loopback only)'],
      ['Rate limits', (m) => m.spec?.rateLimits ? JSON.stringify(m.spec.rateLimits) : 'none'],
      ['CORS', (m) => (m.spec?.cors?.origins || []).join(', ') || 'none'],
      ['Model selector', (m) => m.spec?.modelSelector ? JSON.stringify(m.spec.modelSelector) : 'all models'],
    ];
  }
}

function Editor({ kind, item, onDone }: { kind: KindPath; item: Item | null; providers: null; onDone: () => void }) {
  const [draft, setDraft] = useState<Draft>({ name: item?.name || '', manifest: item?.manifest || { spec: {} } });
  const [asYaml, setAsYaml] = useState(kind === 'gateways');
  const [yamlText, setYamlText] = useState(item?.yaml || 'apiVersion: modelproxy.io/v1alpha1\nkind: ' + kinds[kind] + '\nmetadata:\n  name: \nspec: {}\n');
  const [preview, setPreview] = useState<string>(item?.yaml || '');
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [warnings, setWarnings] = useState<Problem[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  // previews can come back out of order under load: only the answer to the latest draft may be shown
  const latest = useRef(0);
  const readOnly = item?.readOnly || null;

  const nameOf = () => asYaml ? (yamlText.match(/^\s{2}name:\s*(\S+)/m)?.[1] || '') : draft.name;
  const send = (dryRun: boolean) => {
    const name = nameOf();
    if (!name) return Promise.reject(new AdminError({ status: 400, message: 'a name is required', field: 'metadata.name', problems: [] }));
    const headers: Record<string, string> = asYaml ? { 'content-type': 'application/yaml' } : {};
    if (!dryRun) Object.assign(headers, item ? { 'if-match': item.version } : { 'if-none-match': '*' });
    return call<any>('PUT', `/v1/admin/${kind}/${name}?dryRun=${dryRun}`, asYaml ? yamlText : draft.manifest, headers);
  };
  useEffect(() => {
    clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      const asked = ++latest.current;
      send(true).then((r) => { if (asked !== latest.current) return; setPreview(r.yaml); setProblem(null); setWarnings(r.warnings || []); })
        .catch((e) => { if (asked === latest.current && e instanceof AdminError) setProblem(e.error); });
    }, 300);
    return () => clearTimeout(timer.current);
  }, [draft, yamlText, asYaml]);

  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await send(false);
      setSaved('Saved.');
      onDone();
    } catch (err) {
      if (err instanceof AdminError) setProblem(err.error); else throw err;
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([asYaml ? yamlText : preview], { type: 'application/yaml' }));
    const a = document.createElement('a');
    a.href = url; a.download = `${nameOf() || kind}.yaml`; a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section>
      <h1>{item ? `${readOnly ? 'View' : 'Edit'} ${kinds[kind]} ${item.name}` : `New ${kinds[kind]}`}</h1>
      {readOnly && <p class="readonly" role="note">Read-only: {readOnly}. Download the edited YAML and open a pull request instead.</p>}
      <form onSubmit={save} class="editor">
        <div class="fields">
          {kind !== 'gateways' && <label class="inline"><input type="checkbox" checked={asYaml} onChange={(e) => setAsYaml((e.target as HTMLInputElement).checked)} /> Edit as YAML</label>}
          {asYaml ? (
            <>
              <label for="yaml">Manifest (YAML)</label>
              <textarea id="yaml" rows={22} spellcheck={false} value={yamlText} onInput={(e) => setYamlText((e.target as HTMLTextAreaElement).value)} />
            </>
          ) : kind === 'providers' ? (
            <ProviderForm draft={draft} setDraft={setDraft} isNew={!item} problem={problem} />
          ) : (
            <ModelForm draft={draft} setDraft={setDraft} isNew={!item} problem={problem} />
          )}
          {problem && (
            <div class="error" role="alert" id="validation">
              <p>{problem.message}{problem.field ? ` (${problem.field})` : ''}</p>
              {problem.problems.length > 1 && <Problems problems={problem.problems} />}
            </div>
          )}
          {warnings.length > 0 && <Problems problems={warnings} id="warnings" />}
          {saved && <p role="status">{saved}</p>}
          <div class="actions">
            {!readOnly && <button type="submit">Save</button>}
            <button type="button" onClick={download}>Download YAML</button>
            <button type="button" onClick={onDone}>Cancel</button>
          </div>
        </div>
        <div class="preview">
          <h2 id="preview-title">YAML preview</h2>
          <pre aria-labelledby="preview-title" id="preview" tabIndex={0}>{preview}</pre>
        </div>
      </form>
    </section>
  );
}
