import { useState } from 'preact/hooks';
import { AdminError, ApiError, call } from '../api';
import type { Session } from '../main';

interface Draft { name: string; manifest: any }
interface FormProps { draft: Draft; setDraft: (d: Draft) => void; isNew: boolean; problem: ApiError | null }

/** The message of the problem about this field, shown next to it and announced to screen readers. */
function FieldError({ id, field, problem }: { id: string; field: string; problem: ApiError | null }) {
  const all = problem ? (problem.problems.length ? problem.problems : [{ field: problem.field, message: problem.message }]) : [];
  const hit = all.find((p) => p.field && (p.field === field || p.field.startsWith(field + '.') || p.field.startsWith(field + '[')));
  return hit ? <span class="field-error" id={id}>{hit.message}</span> : null;
}

function edit(draft: Draft, change: (spec: any) => void): Draft {
  const manifest = JSON.parse(JSON.stringify(draft.manifest));
  manifest.spec = manifest.spec || {};
  change(manifest.spec);
  return { ...draft, manifest };
}

function NameField({ draft, setDraft, isNew, problem }: FormProps) {
  return (
    <>
      <label for="name">Name</label>
      <input id="name" required readOnly={!isNew} value={draft.name} pattern="[a-z0-9]([-a-z0-9.]*[a-z0-9])?"
        onInput={(e) => setDraft({ ...draft, name: (e.target as HTMLInputElement).value })} aria-describedby="name-error" />
      <FieldError id="name-error" field="metadata.name" problem={problem} />
    </>
  );
}

function numberOrUndefined(value: string): number | undefined {
  return value === '' ? undefined : Number(value);
}

export function ProviderForm(props: FormProps) {
  const { draft, setDraft, problem } = props;
  const spec = draft.manifest.spec || {};
  const secret = spec.apiKeys?.[0]?.secretRef?.name || '';
  return (
    <>
      <NameField {...props} />
      <label for="protocol">Protocol</label>
      <select id="protocol" value={spec.protocol || ''} aria-describedby="protocol-error"
        onChange={(e) => setDraft(edit(draft, (s) => { s.protocol = (e.target as HTMLSelectElement).value || undefined; }))}>
        <option value="">Choose…</option>
        <option value="OpenAIChat">OpenAIChat</option>
        <option value="OpenAIResponses">OpenAIResponses</option>
        <option value="AnthropicMessages">AnthropicMessages</option>
        <option value="Mock">Mock (answers locally, no URL or key)</option>
      </select>
      <FieldError id="protocol-error" field="spec.protocol" problem={problem} />
      <label for="baseUrl">Base URL</label>
      <input id="baseUrl" type="url" value={spec.baseUrl || ''} aria-describedby="baseUrl-error"
        onInput={(e) => setDraft(edit(draft, (s) => { s.baseUrl = (e.target as HTMLInputElement).value; }))} />
      <FieldError id="baseUrl-error" field="spec.baseUrl" problem={problem} />
      <label for="keySecret">Secret holding the API keys</label>
      <input id="keySecret" value={secret} aria-describedby="keySecret-error"
        onInput={(e) => setDraft(edit(draft, (s) => {
          const v = (e.target as HTMLInputElement).value;
          s.apiKeys = v ? [{ secretRef: { name: v } }] : undefined;
        }))} />
      <FieldError id="keySecret-error" field="spec.apiKeys" problem={problem} />
      <label for="timeout">Timeout (seconds)</label>
      <input id="timeout" type="number" min={1} value={spec.timeoutSeconds ?? ''}
        onInput={(e) => setDraft(edit(draft, (s) => { s.timeoutSeconds = numberOrUndefined((e.target as HTMLInputElement).value); }))} />
      <FieldError id="timeout-error" field="spec.timeoutSeconds" problem={problem} />
    </>
  );
}

export function ModelForm(props: FormProps) {
  const { draft, setDraft, problem } = props;
  const spec = draft.manifest.spec || {};
  const routes: any[] = spec.routes || [];
  const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);
  return (
    <>
      <NameField {...props} />
      <label for="strategy">Strategy</label>
      <select id="strategy" value={spec.strategy || 'Ordered'}
        onChange={(e) => setDraft(edit(draft, (s) => { s.strategy = (e.target as HTMLSelectElement).value; }))}>
        <option value="Ordered">Ordered</option>
        <option value="Weighted">Weighted</option>
      </select>
      <label for="aliases">Aliases (comma-separated)</label>
      <input id="aliases" value={(spec.aliases || []).join(', ')}
        onChange={(e) => setDraft(edit(draft, (s) => { const v = list((e.target as HTMLInputElement).value); s.aliases = v.length ? v : undefined; }))} />
      <FieldError id="aliases-error" field="spec.aliases" problem={problem} />
      <label for="contextWindow">Context window (tokens)</label>
      <input id="contextWindow" type="number" min={1} value={spec.contextWindow ?? ''}
        onInput={(e) => setDraft(edit(draft, (s) => { s.contextWindow = numberOrUndefined((e.target as HTMLInputElement).value); }))} />
      <fieldset>
        <legend>Routes</legend>
        {routes.map((route, i) => (
          <div class="route" data-route={i}>
            <div>
            <label for={`route-${i}-provider`}>Provider {i + 1}</label>
            <input id={`route-${i}-provider`} value={route.provider || ''} aria-describedby={`route-${i}-error`}
              onInput={(e) => setDraft(edit(draft, (s) => { s.routes[i].provider = (e.target as HTMLInputElement).value; }))} />
            </div>
            <div>
            <label for={`route-${i}-model`}>Upstream model {i + 1}</label>
            <input id={`route-${i}-model`} value={route.model || ''}
              onInput={(e) => setDraft(edit(draft, (s) => { s.routes[i].model = (e.target as HTMLInputElement).value; }))} />
            </div>
            <div>
            <label for={`route-${i}-weight`}>Weight {i + 1}</label>
            <input id={`route-${i}-weight`} type="number" min={1} value={route.weight ?? ''}
              onInput={(e) => setDraft(edit(draft, (s) => { s.routes[i].weight = numberOrUndefined((e.target as HTMLInputElement).value); }))} />
            </div>
            <button type="button" onClick={() => setDraft(edit(draft, (s) => { s.routes.splice(i, 1); }))}>Remove route {i + 1}</button>
            <FieldError id={`route-${i}-error`} field={`spec.routes[${i}]`} problem={problem} />
          </div>
        ))}
        <button type="button" id="add-route" onClick={() => setDraft(edit(draft, (s) => { s.routes = [...(s.routes || []), { provider: '', model: '' }]; }))}>Add route</button>
      </fieldset>
      <label for="fallbacks">Fallbacks (models tried in order, comma-separated)</label>
      <input id="fallbacks" value={(spec.fallbacks || []).join(', ')} aria-describedby="fallbacks-error"
        onChange={(e) => setDraft(edit(draft, (s) => { const v = list((e.target as HTMLInputElement).value); s.fallbacks = v.length ? v : undefined; }))} />
      <FieldError id="fallbacks-error" field="spec.fallbacks" problem={problem} />
    </>
  );
}

/** Sets or rotates one key; the value is sent once and never shown again (only its digest). */
export function KeyForm({ session, onSet }: { session: Session; onSet: () => void }) {
  const [secret, setSecret] = useState('');
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const r = await call<{ digest: string }>('PUT', `/v1/admin/secrets/${encodeURIComponent(secret)}/keys/${encodeURIComponent(key)}`, { value });
      setValue('');
      setMessage(`Key ${secret}/${key} set (${r.digest}).`);
      onSet();
    } catch (err) {
      setMessage(err instanceof AdminError ? err.message : String(err));
    }
  };
  return (
    <form onSubmit={submit} class="keyform">
      <h2>Set or rotate a key</h2>
      <p>Keys are write-only: after saving, only the key's name and a short digest are shown{session.mode === 'directory' ? ' (it is written into the Secret manifest of the directory)' : ''}.</p>
      <label for="key-secret">Secret</label>
      <input id="key-secret" required value={secret} onInput={(e) => setSecret((e.target as HTMLInputElement).value)} />
      <label for="key-name">Key name</label>
      <input id="key-name" required value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} />
      <label for="key-value">Key value</label>
      <input id="key-value" type="password" autocomplete="off" required value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
      <button type="submit">Set key</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
