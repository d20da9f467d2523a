import { useEffect, useState } from 'preact/hooks';
import { AdminError, call, Problem } from '../api';
import { Problems } from './Problems';

interface Note { level: string; message: string }
interface ImportedKey { secret: string; key: string; variable: string | null; action: 'set' | 'kept' | 'to_set' }
interface Plan {
  dryRun: boolean; format: string; applicable: boolean;
  objects: { kind: string; name: string; action: string; yaml: string }[];
  keys: ImportedKey[]; notes: Note[]; problems: Problem[];
}

const keyActions = { set: 'will be set', kept: 'kept (the Secret has it already)', to_set: 'set it yourself on the Keys page' };

/** Upload another proxy's config, see the dry run, apply it; download every manifest as YAML or a bundle. */
export function ImportExport() {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('auto');
  const [keyValues, setKeyValues] = useState(false);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<AdminError | null>(null);
  const [withSecrets, setWithSecrets] = useState(false);
  const [exportNotes, setExportNotes] = useState<Note[] | null>(null);
  useEffect(() => {
    call<{ notes: Note[] }>('GET', `/v1/admin/export?format=bundle&report=true`)
      .then((r) => setExportNotes(r.notes))
      .catch((e) => setExportNotes([{ level: 'error', message: e.message }]));
  }, []);
  const upload = async (dryRun: boolean) => {
    if (!file) return;
    setError(null);
    const query = new URLSearchParams({ dryRun: String(dryRun), name: file.name, format, includeKeyValues: String(keyValues) });
    try {
      setPlan(await call<Plan>('POST', `/v1/admin/import?${query}`, await file.text(), { 'content-type': 'application/octet-stream' }));
    } catch (e) {
      if (e instanceof AdminError) setError(e); else throw e;
    }
  };
  const changed = (set: (v: any) => void, value: any) => { set(value); setPlan(null); setError(null); };
  const bundleHref = `/v1/admin/export?format=bundle${withSecrets ? '&includeSecretValues=true' : ''}`;
  return (
    <section>
      <h1>Import / Export</h1>
      <h2>Import</h2>
      <label for="import-file">Model-Proxy bundle or config, LiteLLM or python-llm-proxy config.yaml</label>
      <input id="import-file" type="file" onChange={(e) => changed(setFile, (e.target as HTMLInputElement).files?.[0] || null)} />
      <label for="import-format">Format</label>
      <select id="import-format" value={format} onChange={(e) => changed(setFormat, (e.target as HTMLSelectElement).value)}>
        <option value="auto">Recognise it</option>
        <option value="model-proxy">Model-Proxy bundle</option>
        <option value="litellm">LiteLLM config.yaml</option>
        <option value="python-llm-proxy">python-llm-proxy config.yaml</option>
      </select>
      <label class="inline"><input id="import-key-values" type="checkbox" checked={keyValues}
        onChange={(e) => changed(setKeyValues, (e.target as HTMLInputElement).checked)} /> Also import key values the file holds</label>
      <div class="actions">
        <button type="button" id="import-dry-run" disabled={!file} onClick={() => upload(true)}>Dry run</button>
        <button type="button" id="import-apply" disabled={!plan || !plan.dryRun || !plan.applicable} onClick={() => upload(false)}>Apply</button>
      </div>
      {error && <div class="error" role="alert" id="import-error"><p>{error.message}</p>{error.error.problems.length > 0 && <Problems problems={error.error.problems} />}</div>}
      {plan && (
        <div id="import-plan">
          <p id="import-status" class={plan.applicable || !plan.dryRun ? 'ok' : 'error'}>
            {!plan.dryRun ? 'Applied: the manifests are written.'
              : plan.applicable ? `Dry run of a ${plan.format} file: nothing is written yet.`
                : 'This import cannot be applied: see the errors below.'}
          </p>
          <table>
            <thead><tr><th scope="col">Object</th><th scope="col">Result</th></tr></thead>
            <tbody>{plan.objects.map((o) => <tr data-object={`${o.kind}/${o.name}`}><td>{o.kind} {o.name}</td><td class={`action ${o.action}`}>{o.action}</td></tr>)}</tbody>
          </table>
          {plan.keys.length > 0 && <>
            <h3>Keys</h3>
            <ul id="import-keys">{plan.keys.map((k) => <li>Secret {k.secret}, key {k.key}{k.variable && <> from <code>${'{'}{k.variable}{'}'}</code></>}: {keyActions[k.action]}</li>)}</ul>
          </>}
          {plan.problems.length > 0 && <><h3>Errors the import would add</h3><Problems problems={plan.problems} id="import-problems" /></>}
          {plan.notes.length > 0 && <>
            <h3>Notes (fields with no equivalent, input errors)</h3>
            <ul id="import-notes">{plan.notes.map((n) => <li class={n.level}><strong>{n.level}</strong> {n.message}</li>)}</ul>
          </>}
        </div>
      )}
      <h2>Export</h2>
      <p>The YAML holds Providers, LogicalModels and ModelGateways, never Secrets: set keys again where you import.</p>
      <p><a class="button" id="export-yaml" href="/v1/admin/export?format=yaml" download>Download all manifests (YAML)</a>{' '}
        <a class="button" id="export-bundle" href={bundleHref} download>Download as Model-Proxy bundle</a></p>
      <label class="inline"><input id="export-secrets" type="checkbox" checked={withSecrets}
        onChange={(e) => setWithSecrets((e.target as HTMLInputElement).checked)} /> Include key values in the bundle (the file then holds secrets)</label>
      {exportNotes && exportNotes.length > 0 && <>
        <h3>What a bundle cannot hold</h3>
        <ul id="export-notes">{exportNotes.map((n) => <li class={n.level}><strong>{n.level}</strong> {n.message}</li>)}</ul>
      </>}
    </section>
  );
}
