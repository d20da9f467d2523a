import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';

export function Requests() {
  const [items, setItems] = useState<any[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [errorsOnly, setErrorsOnly] = useState(false);
  useEffect(() => {
    call<{ items: any[] }>('GET', `/v1/admin/requests?errors=${errorsOnly}`).then((r) => setItems(r.items)).catch((e) => setError(e.message));
  }, [errorsOnly]);
  const shown = (items || []).filter((r) => !filter || [r.client, r.model, r.route].some((v) => (v || '').includes(filter)));
  return (
    <section>
      <h1>Requests</h1>
      {error && <p class="readonly" role="note">{error}</p>}
      <div class="filters">
        <label for="req-filter">Filter by client, model or route</label>
        <input id="req-filter" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
        <label class="inline"><input type="checkbox" checked={errorsOnly} onChange={(e) => setErrorsOnly((e.target as HTMLInputElement).checked)} /> Errors only</label>
      </div>
      {items && (
        <div class="scroll">
          <table>
            <thead><tr><th scope="col">Time</th><th scope="col">Client</th><th scope="col">Model</th><th scope="col">Route</th><th scope="col">Status</th><th scope="col">Latency</th><th scope="col">Tokens in/out</th></tr></thead>
            <tbody>{shown.map((r) => <tr><td>{r.time}</td><td>{r.client}</td><td>{r.model}</td><td>{r.route}</td><td>{r.status}</td><td>{r.latencyMillis} ms</td><td>{r.inputTokens ?? '?'} / {r.outputTokens ?? '?'}</td></tr>)}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
