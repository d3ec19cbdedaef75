/**
 * Ad click identifiers a touch keeps from the landing URL, exactly as received (several are
 * case-sensitive), with the days each platform accepts a conversion for them. They travel in
 * `Touch.clickIds` under these names. Source: the project's reference on click ids.
 */
export const CLICK_IDS: Readonly<Record<string, number>> = {
  gclid: 90,
  gbraid: 90,
  wbraid: 90,
  dclid: 90,
  gad_source: 90,
  gad_campaignid: 90,
  fbclid: 7,
  msclkid: 90,
  ttclid: 28,
  li_fat_id: 90,
  twclid: 30,
  sccid: 37,
  epik: 30,
  rdt_cid: 30,
  qclid: 30,
  yclid: 90,
  irclid: 30,
};

/** True for a click id name (an own key of CLICK_IDS, so not `constructor` and the like). */
export const isClickId = (name: string): boolean => Object.prototype.hasOwnProperty.call(CLICK_IDS, name);
