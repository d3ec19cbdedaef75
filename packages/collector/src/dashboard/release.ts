/**
 * The dashboard's one action: releasing held-back leads from the Lead quality view. Each held
 * row gets a checkbox; the form asks for the admin token, and a small script (allowed by the
 * page's nonce) posts the chosen ids to POST /api/leads/release with the token in the
 * Authorization header, as every write route wants it. The sign-in cookie is never sent with it
 * (`credentials: 'omit'`), so no other site can make a signed-in browser release anything, and the
 * typed token is kept nowhere but the field, which is emptied after the request.
 */
import { escapeHtml as text } from '../http/util';

/** A held row's checkbox, tied to the release form. */
export const releaseBox = (eventId: string): string =>
  `<input type="checkbox" name="release" value="${text(eventId)}" form="release" aria-label="release ${text(eventId)}">`;

/** The form under the held leads' table: the token and the button (posted by the script; without it, never as a GET with the token in the address). */
export const releaseForm = (): string =>
  `<form id="release" class="release" method="post" action="api/leads/release">
<label>Admin token <input type="password" name="token" autocomplete="current-password" required></label>
<button type="submit">Release the chosen leads</button>
<output role="status" data-figure="release-result"></output>
</form>`;

/** The script of the form (in the page, by nonce: the page loads nothing else). */
const SCRIPT = `document.getElementById('release').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  const out = form.querySelector('output');
  const boxes = [...document.querySelectorAll('input[name=release]:checked')];
  if (!boxes.length) return void (out.textContent = 'Tick the leads to release first.');
  const token = form.token.value;
  form.token.value = '';
  out.textContent = 'Releasing…';
  try {
    const res = await fetch('api/leads/release', {
      method: 'POST',
      credentials: 'omit',
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: boxes.map((b) => b.value) }),
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) return void (out.textContent = 'Not released: ' + (body.error || 'HTTP ' + res.status));
    for (const b of boxes.filter((b) => body.released.includes(b.value))) {
      b.closest('tr').dataset.released = 'true';
      b.checked = false;
      b.disabled = true;
    }
    out.textContent = body.released.length + ' released' + (body.notHeld.length ? '; not held: ' + body.notHeld.join(', ') : '') + '. Their conversions go into the next exports and uploads.';
  } catch (err) {
    out.textContent = 'Not released: ' + err.message;
  }
});`;

export const releaseScript = (nonce: string): string => `<script nonce="${text(nonce)}">${SCRIPT}</script>`;
