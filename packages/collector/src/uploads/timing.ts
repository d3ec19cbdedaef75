/** The sync pass's clocks. */

/** How long a claimed row is held: longer than a batch takes (a request times out after 30 s). */
export const LEASE_MS = 10 * 60_000;
/** A Google request still processing is asked again after this long (its rows stay leased that long). */
export const STATUS_RECHECK_MS = 60_000;
/** A planned row whose step was taken out of the config is looked at again after this long (put back, it goes). */
export const NOT_CONFIGURED_RECHECK_MS = 24 * 3_600_000;
