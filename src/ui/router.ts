// A tiny hash router: the app is served as static files, so the route lives in the URL's hash
// (#/classes/ID) and reloading any page works without a server rewrite rule.
import { useSyncExternalStore } from 'react';
import type { ClassId, SessionId } from '../contracts/ids';

/** The three steps of a lesson's page, in order; the step shown is kept in the URL. */
export const SESSION_STEPS = ['photos', 'whos-who', 'attendance'] as const;
export type SessionStep = (typeof SESSION_STEPS)[number];

const isSessionStep = (value: string | undefined): value is SessionStep =>
  (SESSION_STEPS as readonly (string | undefined)[]).includes(value);

export type Route =
  | { name: 'classes' }
  | { name: 'class'; classId: ClassId }
  | { name: 'class-faces'; classId: ClassId }
  | { name: 'class-settings'; classId: ClassId }
  | { name: 'diagnostics'; classId: ClassId }
  | { name: 'session'; sessionId: SessionId; step?: SessionStep }
  | { name: 'about' }
  | { name: 'not-found'; path: string };

export const href = {
  classes: () => '#/',
  about: () => '#/about',
  class: (classId: ClassId) => `#/classes/${encodeURIComponent(classId)}`,
  classFaces: (classId: ClassId) => `#/classes/${encodeURIComponent(classId)}/faces`,
  classSettings: (classId: ClassId) => `#/classes/${encodeURIComponent(classId)}/settings`,
  diagnostics: (classId: ClassId) => `#/classes/${encodeURIComponent(classId)}/diagnostics`,
  session: (sessionId: SessionId, step?: SessionStep) =>
    `#/sessions/${encodeURIComponent(sessionId)}${step ? `/${step}` : ''}`,
};

/** The route for a location hash such as "#/classes/abc". */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const segments = path.split('/').filter(Boolean).map(safeDecode);
  const [first, second, ...rest] = segments;
  if (first === undefined) return { name: 'classes' };
  if (first === 'about' && second === undefined) return { name: 'about' };
  if (first === 'classes' && second && rest.length === 1 && rest[0] === 'faces') {
    return { name: 'class-faces', classId: second as ClassId };
  }
  if (first === 'classes' && second && rest.length === 1 && rest[0] === 'settings') {
    return { name: 'class-settings', classId: second as ClassId };
  }
  if (first === 'classes' && second && rest.length === 1 && rest[0] === 'diagnostics') {
    return { name: 'diagnostics', classId: second as ClassId };
  }
  if (first === 'sessions' && second && rest.length === 1 && isSessionStep(rest[0])) {
    return { name: 'session', sessionId: second as SessionId, step: rest[0] };
  }
  if (second && rest.length === 0) {
    if (first === 'classes') return { name: 'class', classId: second as ClassId };
    if (first === 'sessions') return { name: 'session', sessionId: second as SessionId };
  }
  return { name: 'not-found', path };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Goes to a route; `replace` swaps the current history entry instead of adding one. */
export function navigate(to: string, { replace = false } = {}): void {
  const hash = to.replace(/^#/, '');
  if (replace) window.location.replace(`#${hash}`);
  else window.location.hash = hash;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = () => window.location.hash;

/** The current route; re-renders when the hash changes (links, back and forward buttons). */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash);
  return parseRoute(hash);
}
