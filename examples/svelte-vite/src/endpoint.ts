/**
 * The collector URL: the `leadbeacon-endpoint` meta tag when the server filled it in, else
 * VITE_LEADBEACON_ENDPOINT at build time, else the demo collector (`npm run demo`).
 */
export function leadbeaconEndpoint(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="leadbeacon-endpoint"]')?.content;
  if (meta && !meta.startsWith('__')) return meta;
  return import.meta.env.VITE_LEADBEACON_ENDPOINT || 'http://127.0.0.1:8787/collect';
}
