// oidc-provider ships no types of its own; the OIDC web-login test uses it only as a stand-in issuer.
declare module 'oidc-provider';
