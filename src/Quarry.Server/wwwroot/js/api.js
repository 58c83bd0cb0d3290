// The one place that talks to the server: every call goes through the public /v1 API with the key from session storage.

const KEY = 'quarry.apiKey';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

/** A problem+json answer (or a network failure) as an Error whose message a person can act on. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(describe(status, problem));
    this.status = status;
    this.problem = problem ?? {};
  }

  /** Validation messages by path (e.g. "values.total"), as the API returns them. */
  get errors() { return this.problem.errors ?? {}; }
}

function describe(status, problem) {
  if (status === 401) return `The API key was not accepted: ${problem?.detail ?? 'unauthorized'}`;
  if (problem?.detail) return problem.detail;
  if (status === 0) return 'The server could not be reached.';
  return `The server answered ${status}.`;
}

/** Listeners told when the key stops working, so the app can ask for a new one. */
const unauthorizedListeners = [];
export const onUnauthorized = (listener) => unauthorizedListeners.push(listener);

/** Sends a request; returns the Response for 2xx, throws ApiError otherwise. */
export async function send(path, { method = 'GET', json, body, key = apiKey.get(), headers = {} } = {}) {
  const h = { ...headers };
  if (key) h.Authorization = `Bearer ${key}`;
  if (json !== undefined) {
    h['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  let res;
  try {
    res = await fetch(path, { method, headers: h, body });
  } catch {
    throw new ApiError(0, null);
  }
  if (res.ok) return res;
  let problem = null;
  try { problem = await res.json(); } catch { /* not JSON: the status says enough */ }
  if (res.status === 401 && key === apiKey.get()) unauthorizedListeners.forEach((l) => l());
  throw new ApiError(res.status, problem);
}

export const getJson = async (path, options) => (await send(path, options)).json();
export const postJson = async (path, json) => (await send(path, { method: 'POST', json })).json();
export const putJson = async (path, json) => (await send(path, { method: 'PUT', json })).json();
export const patchJson = async (path, json) => (await send(path, { method: 'PATCH', json })).json();
export const del = (path) => send(path, { method: 'DELETE' });

/** Follows next_cursor through a list endpoint, handing each page's data to onPage; resolves with the total. */
export async function eachPage(path, limit, onPage, isCancelled = () => false) {
  let cursor = null;
  const sep = path.includes('?') ? '&' : '?';
  for (;;) {
    const url = `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await getJson(url);
    if (isCancelled()) return;
    onPage(page);
    if (!page.pagination?.has_more) return;
    cursor = page.pagination.next_cursor;
  }
}

/** Fetches a file with the key and saves it under the name the server gives (Content-Disposition) or `fallback`. */
export async function download(path, fallback) {
  const res = await send(path);
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallback;
  saveBlob(await res.blob(), name);
}

export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
