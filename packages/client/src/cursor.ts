/*
 * Both transports speak the API's cursor (base64url of `v1.<txId>.<globalPosition>`, codec in
 * `@vigie/event-store`), so a checkpoint saved while reading over HTTP resumes a Postgres
 * subscription and the reverse.
 */

/** The cursor meaning "from the first event". */
export const START_CURSOR = "";
