import { useState } from 'preact/hooks';
import { AdminError } from '../api';
import type { Session } from '../main';

export function ImportExport({ session }: { session: Session }) {
  const [file, setFile] = useState<File | null>(null);
  const [plan, setPlan] = useState<any | null>(null);
  const [error, setError] = useState<string | null>(null);
  const upload = async (dryRun: boolean) => {
    if (!file) return;
    setError(null);
    const response = await fetch(`/v1/admin/import?dryRun=${dryRun}&name=${encodeURIComponent(file.name)}`,
      { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/octet-stream' }, body: await file.arrayBuffer() });
    const body = await response.json();
    if (!response.ok) { setError(new AdminError({ status: response.status, message: body.error?.message, problems: [] }).message); return; }
    setPlan(body);
  };
  return (
    <section>
      <h1>Import / Export</h1>
      <h2>Import</h2>
      {!session.features.bundles && <p class="readonly">Import needs the bundle converters, which this build does not include yet.</p>}
      <label for="import-file">Model-Proxy bundle or config, LiteLLM or python-llm-proxy config.yaml</label>
      <input id="import-file" type="file" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] || null)} />
      <div class="actions">
        <button type="button" disabled={!file} onClick={() => upload(true)}>Dry run</button>
        <button type="button" disabled={!file || !plan || !plan.dryRun} onClick={() => upload(false)}>Apply</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {plan && (
        <div id="import-plan">
          <p>{plan.dryRun ? 'Dry run: nothing written yet.' : 'Applied.'}</p>
          <ul>{plan.objects.map((o: any) => <li>{o.action}: {o.kind} {o.name}</li>)}</ul>
          {plan.warnings.length > 0 && <><h3>Unmapped fields</h3><ul>{plan.warnings.map((w: string) => <li>{w}</li>)}</ul></>}
        </div>
      )}
      <h2>Export</h2>
      <p>Secrets are never exported: set keys again where you import.</p>
      <p><a class="button" href="/v1/admin/export?format=yaml" download>Download all manifests (YAML)</a>{' '}
        {session.features.bundles && <a class="button" href="/v1/admin/export?format=bundle" download>Download as Model-Proxy bundle</a>}</p>
    </section>
  );
}
