import { useEffect, useState } from 'preact/hooks';
import { call, Problem } from '../api';
import { Problems } from './Problems';

interface OverviewData { mode: string; location: string; counts: Record<string, number>; problems: Problem[]; requests?: { count: number; errors: number } }

export function Overview() {
  const [data, setData] = useState<OverviewData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { call<OverviewData>('GET', '/v1/admin/overview').then(setData).catch((e) => setError(e.message)); }, []);
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!data) return <p>Loading…</p>;
  const errors = data.problems.filter((p) => p.severity === 'error');
  return (
    <section>
      <h1>Overview</h1>
      <p class={errors.length ? 'error' : 'ok'} id="health">{errors.length ? `${errors.length} errors: the gateway keeps serving its last good config` : 'Healthy: the manifests compile'}</p>
      <dl class="cards">
        <div><dt>Providers</dt><dd>{data.counts.providers}</dd></div>
        <div><dt>Models</dt><dd>{data.counts.models}</dd></div>
        <div><dt>Gateways</dt><dd>{data.counts.gateways}</dd></div>
        {data.requests && <div><dt>Recent requests</dt><dd>{data.requests.count} ({data.requests.errors} errors)</dd></div>}
      </dl>
      <h2>Warnings and errors</h2>
      {data.problems.length ? <Problems problems={data.problems} /> : <p>None.</p>}
    </section>
  );
}
