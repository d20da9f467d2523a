import { useEffect, useState } from 'preact/hooks';
import { AdminError, call } from '../api';

interface RequestRow { time: string; client: string | null; model: string; route: string | null; status: number; latencyMillis: number; inputTokens: number | null; outputTokens: number | null }

/** The gateway's recent requests, newest first, filtered as typed. */
export function Requests() {
  const [items, setItems] = useState<RequestRow[] | null>(null);
  const [error, setError] = useState<AdminError | null>(null);
  const [filter, setFilter] = useState('');
  const [errorsOnly, setErrorsOnly] = useState(false);
  const load = () => call<{ items: RequestRow[] }>('GET', `/v1/admin/requests?errors=${errorsOnly}`)
    .then((r) => { setItems(r.items); setError(null); })
    .catch((e) => { if (e instanceof AdminError) setError(e); else throw e; });
  useEffect(() => { load(); }, [errorsOnly]);
  const shown = (items || []).filter((r) => !filter || [r.client, r.model, r.route].some((v) => (v || '').includes(filter)));
  if (error && error.error.status === 501) {
    return <section><h1>Requests</h1><p class="readonly" role="note" id="requests-no-source">{error.message}</p></section>;
  }
  return (
    <section>
      <h1>Requests</h1>
      {error && <p class="error" role="alert">{error.message}</p>}
      <div class="filters">
        <label for="req-filter">Filter by client, model or route</label>
        <input id="req-filter" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
        <label class="inline"><input id="req-errors" type="checkbox" checked={errorsOnly} onChange={(e) => setErrorsOnly((e.target as HTMLInputElement).checked)} /> Errors only</label>
        <button type="button" onClick={load}>Refresh</button>
      </div>
      {items && (
        <div class="scroll">
          <table id="requests">
            <caption class="sr-only">Recent requests, newest first</caption>
            <thead><tr><th scope="col">Time</th><th scope="col">Client</th><th scope="col">Model</th><th scope="col">Route</th><th scope="col">Status</th><th scope="col">Latency</th><th scope="col">Tokens in/out</th></tr></thead>
            <tbody>{shown.map((r) => <tr><td>{r.time}</td><td>{r.client ?? ''}</td><td>{r.model}</td><td>{r.route ?? 'none'}</td><td>{r.status}</td><td>{r.latencyMillis} ms</td><td>{r.inputTokens ?? '?'} / {r.outputTokens ?? '?'}</td></tr>)}</tbody>
          </table>
          {items.length === 0 && <p>No requests yet.</p>}
        </div>
      )}
    </section>
  );
}
