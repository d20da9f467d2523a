import { useState } from 'preact/hooks';
import { AdminError, call } from '../api';

export function Login({ onLogin }: { onLogin: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await call('POST', '/v1/admin/login', { key });
      onLogin();
    } catch (err) {
      setError(err instanceof AdminError ? err.message : String(err));
    }
  };
  return (
    <main id="main" class="login">
      <h1>Model Proxy admin</h1>
      <form onSubmit={submit}>
        <label for="admin-key">Admin key</label>
        <input id="admin-key" name="key" type="password" autocomplete="current-password" required value={key}
          onInput={(e) => setKey((e.target as HTMLInputElement).value)} aria-describedby={error ? 'login-error' : undefined} />
        {error && <p id="login-error" class="error" role="alert">{error}</p>}
        <button type="submit">Log in</button>
      </form>
    </main>
  );
}
