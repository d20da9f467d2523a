// The admin API client: same-origin fetches with the session cookie; errors as {error: {message, field, problems}}.
export interface Problem { severity: string; reason: string; file?: string; kind?: string; name?: string; field?: string; message: string }
export interface ApiError { status: number; message: string; field?: string; problems: Problem[] }
export interface Item { kind: string; name: string; version: string; source: string; readOnly: string | null; manifest: any; yaml: string }

export class AdminError extends Error {
  constructor(readonly error: ApiError) { super(error.message); }
}

export async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, headers: { ...headers }, credentials: 'same-origin' };
  if (body !== undefined) {
    if (typeof body === 'string') {
      init.body = body;
    } else {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const json = text && (response.headers.get('content-type') || '').includes('json') ? JSON.parse(text) : text;
  if (!response.ok) {
    const e = (json && json.error) || {};
    throw new AdminError({ status: response.status, message: e.message || `HTTP ${response.status}`, field: e.field || undefined, problems: e.problems || [] });
  }
  return json as T;
}

export const kinds = { providers: 'Provider', models: 'LogicalModel', gateways: 'ModelGateway' } as const;
export type KindPath = keyof typeof kinds;
