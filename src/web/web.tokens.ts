/** Injection token for the WebOptions the app was started with. */
export const WEB_OPTIONS = Symbol('WEB_OPTIONS');
