/** The collector URL: the `leadbeacon-endpoint` meta tag when the server filled it in, else the demo collector. */
export function leadbeaconEndpoint(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="leadbeacon-endpoint"]')?.content;
  return meta && !meta.startsWith('__') ? meta : 'http://127.0.0.1:8787/collect';
}
