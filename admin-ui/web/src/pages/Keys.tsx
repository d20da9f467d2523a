import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import type { Session } from '../main';
import { KeyForm } from './Forms';

interface KeyRow { provider: string; secret: string; key: string | null; digest: string | null; state: string; until?: string | null; reason?: string | null }

const states: Record<string, string> = {
  ready: 'ready', cooling: 'cooling down', suspended: 'suspended', missing: 'missing from its Secret', unknown: 'unknown',
};

/** Every upstream key the Providers name: its digest, and its live state when a gateway reports it. */
export function Keys({ session }: { session: Session }) {
  const [keys, setKeys] = useState<KeyRow[] | null>(null);
  const [live, setLive] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const load = () => call<{ keys: KeyRow[]; liveStates: boolean }>('GET', '/v1/admin/keys')
    .then((r) => { setKeys(r.keys); setLive(r.liveStates); }).catch((e) => setError(e.message));
  useEffect(() => { load(); }, []);
  return (
    <section>
      <h1>Keys</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {!live && <p class="readonly" role="note" id="keys-no-source">Key states (ready, cooling down, suspended) come from a running gateway; this admin runs without one, so they show as unknown.</p>}
      <button type="button" onClick={load}>Refresh</button>
      {keys && keys.length === 0 && <p>No Provider names a key yet.</p>}
      {keys && keys.length > 0 && (
        <div class="scroll">
          <table id="keys">
            <caption class="sr-only">Keys</caption>
            <thead><tr><th scope="col">Provider</th><th scope="col">Secret / key</th><th scope="col">Digest</th><th scope="col">State</th><th scope="col">Until</th><th scope="col">Why</th></tr></thead>
            <tbody>{keys.map((k) => (
              <tr data-key={`${k.provider}/${k.secret}/${k.key ?? '*'}`}>
                <td>{k.provider}</td><td>{k.secret}/{k.key ?? '*'}</td><td>{k.digest && <code>{k.digest}</code>}</td>
                <td class={`state ${k.state}`}>{states[k.state] ?? k.state}</td><td>{k.until ?? ''}</td><td>{k.reason ?? ''}</td>
              </tr>))}
            </tbody>
          </table>
        </div>
      )}
      <KeyForm session={session} onSet={load} />
    </section>
  );
}
