/** The few parts of Meta's official Node SDK the tests use as an oracle (the package ships no types). */
declare module 'facebook-nodejs-business-sdk' {
  export class ServerSideUtils {
    /** Meta's normalisation of a user_data field, then SHA-256 hex; null for an empty value; throws on an invalid one. */
    static normalizeAndHash(input: string, field: string): string | null;
  }
  export class UserData {
    setEmail(email: string): UserData;
    setPhone(phone: string): UserData;
    setFbc(fbc: string): UserData;
    setFbp(fbp: string): UserData;
    setClientUserAgent(userAgent: string): UserData;
    normalize(): Record<string, unknown>;
  }
  const sdk: { ServerSideUtils: typeof ServerSideUtils; UserData: typeof UserData };
  export default sdk;
}
