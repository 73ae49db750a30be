// The response headers that make Rollcall private and cross-origin isolated, in one place:
// vite.config.ts sends them from the dev and preview servers, index.html carries the same policy
// in a <meta> tag, and the service worker adds them to every response it serves, for static
// hosting that cannot set headers. Pure data: imported by Node (Vite config) and the service worker.

/**
 * Nothing may be loaded from, or sent to, any origin but the app's own. 'wasm-unsafe-eval' lets
 * WebAssembly compile (onnxruntime-web, PGlite) without allowing JavaScript eval; blob: workers
 * and images are the app's own in-memory objects (face thumbnails, photo previews).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "img-src 'self' blob: data:",
  "style-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The same policy for index.html's <meta http-equiv> tag, where browsers ignore (and warn about)
 * frame-ancestors. test/unit/security-headers.test.ts checks index.html carries exactly this.
 */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "; frame-ancestors 'none'",
  '',
);

/**
 * The dev server only: Vite's React refresh preamble is an inline script and Vite injects CSS as
 * <style> elements. `npm run build` output never gets this policy.
 */
export const DEV_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self'",
  "script-src 'self' 'unsafe-inline'",
).replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/** Lets onnxruntime-web use WASM threads (SharedArrayBuffer needs `crossOriginIsolated`). */
export const CROSS_ORIGIN_ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  // Only this origin's documents may embed these responses.
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

export const PRIVACY_HEADERS = {
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Permissions-Policy': 'geolocation=(), microphone=(), payment=(), usb=()',
} as const;
