import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AdminError, call } from './api';
import { Overview } from './pages/Overview';
import { ObjectsPage } from './pages/Objects';
import { Bench } from './pages/Bench';
import { Requests } from './pages/Requests';
import { Keys } from './pages/Keys';
import { ImportExport } from './pages/ImportExport';
import { Login } from './pages/Login';
import './styles.css';

export interface Session { mode: string; location: string; credentialRequired: boolean; features: Record<string, boolean> }

const pages = [
  ['overview', 'Overview'], ['providers', 'Providers'], ['models', 'Models'], ['gateways', 'Gateways'],
  ['keys', 'Keys'], ['bench', 'Test bench'], ['requests', 'Requests'], ['import', 'Import / Export'],
] as const;

function route(): string {
  return location.hash.replace(/^#\/?/, '') || 'overview';
}

function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [page, setPage] = useState(route());
  const load = () => call<Session>('GET', '/v1/admin/session').then(setSession)
    .catch((e) => { if (e instanceof AdminError && e.error.status === 401) setSession(null); else throw e; });
  useEffect(() => { load(); const on = () => setPage(route()); addEventListener('hashchange', on); return () => removeEventListener('hashchange', on); }, []);
  if (session === undefined) return <p>Loading…</p>;
  if (session === null) return <Login onLogin={load} />;
  return (
    <>
      <header>
        <span class="brand">Model Proxy admin</span>
        <span class="where">{session.mode}: {session.location}</span>
        <nav aria-label="Pages">
          {pages.map(([id, label]) => <a href={`#/${id}`} aria-current={page === id ? 'page' : undefined}>{label}</a>)}
        </nav>
        {session.credentialRequired && <button type="button" class="link" onClick={() => call('POST', '/v1/admin/logout', {}).then(() => setSession(null))}>Log out</button>}
      </header>
      <main id="main">
        {page === 'overview' && <Overview />}
        {(page === 'providers' || page === 'models' || page === 'gateways') && <ObjectsPage key={page} kind={page} />}
        {page === 'keys' && <Keys session={session} />}
        {page === 'bench' && <Bench session={session} />}
        {page === 'requests' && <Requests />}
        {page === 'import' && <ImportExport />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
