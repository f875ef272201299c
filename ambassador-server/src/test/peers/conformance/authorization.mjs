// Preloaded into the conformance runner (node --import), which has no option for request headers:
// every HTTP request it makes, through fetch or undici directly, carries the client's credentials
// from MCP_AUTHORIZATION, as any real client of the ambassador would send them.
//
// The certificate is checked against the host of the URL, not against a Host header the request
// sets: the DNS rebinding check forges Host to see whether the server refuses it, and without this
// the forged name would fail the TLS check before the server ever saw the request.
//
// A few scenarios (the SEP-2243 header checks) send raw node:http requests to the URL's host and
// port, dropping its scheme: with MCP_TLS_PORT set, requests to that port go over TLS, with the
// credentials, as the URL meant.
import { Agent, setGlobalDispatcher } from 'undici';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';

const authorization = process.env.MCP_AUTHORIZATION;

setGlobalDispatcher(
  new Agent().compose((dispatch) => (options, handler) => {
    if (authorization) {
      const headers = options.headers;
      options = Array.isArray(headers)
        ? { ...options, headers: [...headers, 'authorization', authorization] }
        : { ...options, headers: { ...(headers || {}), authorization } };
    }
    const origin = options.origin ? new URL(options.origin) : null;
    if (origin && origin.protocol === 'https:' && !isIP(origin.hostname)) {
      options = { ...options, servername: origin.hostname };
    }
    return dispatch(options, handler);
  }),
);

const tlsPort = process.env.MCP_TLS_PORT;
if (tlsPort) {
  const plain = http.request;
  http.request = (options, callback) => {
    if (typeof options !== 'object' || options instanceof URL || String(options.port) !== tlsPort) {
      return plain(options, callback);
    }
    const headers = { ...(options.headers || {}) };
    if (authorization) {
      headers.authorization = authorization;
    }
    const servername = isIP(options.hostname ?? '') ? undefined : options.hostname;
    return https.request({ ...options, headers, servername }, callback);
  };
}
