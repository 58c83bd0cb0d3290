// Sign-in and the hash router: #/documents, #/schemas, #/jobs, #/jobs/<id>, #/jobs/<id>/grid, #/jobs/<id>/review/<row>.
import { apiKey, ApiError, getJson, onUnauthorized } from './api.js';
import { clear } from './dom.js';
import * as documents from './documents.js';
import * as schemas from './schemas.js';
import * as jobs from './jobs.js';
import * as grid from './grid.js';
import * as review from './review.js';

const routes = [
  [/^#\/documents$/, documents.render, 'documents'],
  [/^#\/schemas$/, schemas.render, 'schemas'],
  [/^#\/jobs$/, jobs.renderList, 'jobs'],
  [/^#\/jobs\/([0-9a-f-]{36})$/, jobs.renderJob, 'jobs'],
  [/^#\/jobs\/([0-9a-f-]{36})\/grid$/, grid.render, 'jobs'],
  [/^#\/jobs\/([0-9a-f-]{36})\/review\/([0-9a-f-]{36})$/, review.render, 'jobs'],
];

const view = document.getElementById('view');
let leave = null; // the current view's cleanup (stops its polling and key handlers)

function route() {
  if (!apiKey.get()) return showSignIn();
  showApp();
  const hash = location.hash || '#/documents';
  const match = routes.find(([re]) => re.test(hash));
  if (!match) { location.hash = '#/documents'; return; }
  const [re, render, section] = match;
  if (leave) { leave(); leave = null; }
  document.getElementById('toast').hidden = true; // a message belongs to the view that showed it
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.view === section));
  const cleanup = render(clear(view), ...re.exec(hash).slice(1));
  leave = typeof cleanup === 'function' ? cleanup : null;
}

function showSignIn(message) {
  if (leave) { leave(); leave = null; }
  document.getElementById('sign-in').hidden = false;
  document.getElementById('nav').hidden = true;
  document.getElementById('sign-out').hidden = true;
  view.hidden = true;
  const error = document.getElementById('sign-in-error');
  error.hidden = !message;
  error.textContent = message ?? '';
  document.getElementById('api-key').focus();
}

function showApp() {
  document.getElementById('sign-in').hidden = true;
  document.getElementById('nav').hidden = false;
  document.getElementById('sign-out').hidden = false;
  view.hidden = false;
}

document.getElementById('sign-in-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = document.getElementById('api-key');
  const key = input.value.trim();
  try {
    // The cheapest authenticated call: it proves the key before anything is shown.
    await getJson('/v1/documents?limit=1', { key });
  } catch (err) {
    const message = err instanceof ApiError && err.status === 401
      ? 'That API key was not accepted: it is unknown or revoked. Check it and try again.'
      : `Could not sign in: ${err.message}`;
    showSignIn(message);
    return;
  }
  apiKey.set(key);
  input.value = '';
  route();
});

document.getElementById('sign-out').addEventListener('click', () => {
  apiKey.clear();
  showSignIn();
});

onUnauthorized(() => {
  apiKey.clear();
  showSignIn('The API key stopped working (revoked?). Sign in again.');
});

window.addEventListener('hashchange', route);
route();
