import { useEffect, useState } from 'preact/hooks';
import { call, Item } from '../api';
import type { Session } from '../main';

/** Sends a prompt through the gateway and shows the streamed answer as it arrives. */
export function Bench({ session }: { session: Session }) {
  const [models, setModels] = useState<Item[]>([]);
  const [model, setModel] = useState('');
  const [dialect, setDialect] = useState('chat');
  const [prompt, setPrompt] = useState('Say hello.');
  const [clientKey, setClientKey] = useState('');
  const [answer, setAnswer] = useState('');
  const [info, setInfo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { call<{ items: Item[] }>('GET', '/v1/admin/models').then((r) => { setModels(r.items); setModel(r.items[0]?.name || ''); }); }, []);
  const send = async (e: Event) => {
    e.preventDefault();
    setAnswer(''); setError(null); setInfo(null);
    const started = performance.now();
    const response = await fetch('/v1/admin/bench', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, dialect, prompt, clientKey: clientKey || undefined }) });
    if (!response.ok || !response.body) {
      const body = await response.json().catch(() => ({}));
      setError(body?.error?.message || `HTTP ${response.status}`);
      return;
    }
    const route = response.headers.get('x-model-proxy-route');
    const attempts = response.headers.get('x-model-proxy-attempts');
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    let firstToken: number | null = null;
    let usage = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffered.indexOf('\n\n')) >= 0) {
        const frame = buffered.slice(0, cut);
        buffered = buffered.slice(cut + 2);
        const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('');
        if (!data || data === '[DONE]') continue;
        try {
          const event = JSON.parse(data);
          const text = event.choices?.[0]?.delta?.content ?? (event.type === 'response.output_text.delta' ? event.delta : undefined)
            ?? (event.type === 'content_block_delta' ? event.delta?.text : undefined);
          if (text) { if (firstToken === null) firstToken = performance.now() - started; setAnswer((a) => a + text); }
          const u = event.usage || event.response?.usage || event.message?.usage;
          if (u) usage = JSON.stringify(u);
        } catch { /* not JSON: not an answer event */ }
      }
    }
    setInfo(`${route ? `Route ${route}. ` : ''}${attempts ? `Attempts: ${attempts}. ` : ''}Time to first token: ${firstToken === null ? 'n/a' : Math.round(firstToken) + ' ms'}. ${usage ? 'Usage: ' + usage : ''}`);
  };
  return (
    <section>
      <h1>Test bench</h1>
      {!session.features.bench && <p class="readonly" role="note" id="bench-no-gateway">The test bench needs a running gateway; this admin runs without one.</p>}
      <form onSubmit={send}>
        <label for="bench-model">Model</label>
        <select id="bench-model" value={model} onChange={(e) => setModel((e.target as HTMLSelectElement).value)}>
          {models.map((m) => <option value={m.manifest.spec?.modelName || m.name}>{m.manifest.spec?.modelName || m.name}</option>)}
        </select>
        <label for="bench-dialect">Client dialect</label>
        <select id="bench-dialect" value={dialect} onChange={(e) => setDialect((e.target as HTMLSelectElement).value)}>
          <option value="chat">OpenAI Chat Completions</option>
          <option value="responses">OpenAI Responses</option>
          <option value="messages">Anthropic Messages</option>
        </select>
        <label for="bench-prompt">Prompt</label>
        <textarea id="bench-prompt" rows={4} value={prompt} onInput={(e) => setPrompt((e.target as HTMLTextAreaElement).value)} />
        <label for="bench-key">Client key (only if the gateway asks for one the bench does not have)</label>
        <input id="bench-key" type="password" autocomplete="off" value={clientKey} onInput={(e) => setClientKey((e.target as HTMLInputElement).value)} />
        <button type="submit" id="bench-send" disabled={!session.features.bench || !model}>Send</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      <h2>Answer</h2>
      <pre id="bench-answer" aria-live="polite">{answer}</pre>
      {info && <p id="bench-info">{info}</p>}
    </section>
  );
}
