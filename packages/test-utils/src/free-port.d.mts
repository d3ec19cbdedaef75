/** A 127.0.0.1 port nobody listens on now, for a server started as another process. */
export declare function freePort(): Promise<number>;
