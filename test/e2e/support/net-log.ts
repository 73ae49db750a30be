// The browser's own record of its network traffic (Chromium's --log-net-log), which sees what
// page-level request events cannot: requests the browser makes itself, e.g. asking Google's
// autofill service about a page's forms.
import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';

interface NetLog {
  constants: { logEventTypes: Record<string, number> };
  events: { type: number; params?: { url?: string; host?: string } }[];
}

export interface BrowserTraffic {
  /** Every URL the browser's network stack started a request for. */
  urls: string[];
  /** Every host name it looked up (scheme://host[:port] as the log writes them). */
  lookups: string[];
}

/** Reads a complete net log (written when the browser closes). */
export async function readNetLog(path: string): Promise<BrowserTraffic> {
  const log = JSON.parse(await readFile(path, 'utf8')) as NetLog;
  const typeOf = log.constants.logEventTypes;
  const urls: string[] = [];
  const lookups: string[] = [];
  for (const event of log.events) {
    if (event.type === typeOf.URL_REQUEST_START_JOB && event.params?.url)
      urls.push(event.params.url);
    if (event.type === typeOf.HOST_RESOLVER_MANAGER_REQUEST && event.params?.host)
      lookups.push(event.params.host);
  }
  return { urls, lookups };
}

/**
 * What Chromium sends on its own, with no page open at all (measured with only about:blank open
 * for 15 s, same flags): its Google-account cookie check and its component-update check. They
 * are the browser's, not Rollcall's, and no web page can stop them; nothing else is allowed.
 */
const BROWSER_OWN = [
  /^https:\/\/accounts\.google\.com\/ListAccounts\?/,
  /^https?:\/\/update\.googleapis\.com\/service\/update2\/json\?/,
];
const BROWSER_OWN_HOSTS = ['accounts.google.com', 'update.googleapis.com'];

const hostOf = (address: string) => new URL(address.includes('://') ? address : `x://${address}`);

/** The requests and host lookups to anywhere but the app's origin, browser-own ones left out. */
export function trafficElsewhere(traffic: BrowserTraffic, appOrigin: string): string[] {
  const app = new URL(appOrigin);
  const requests = traffic.urls.filter(
    (url) =>
      !url.startsWith('data:') &&
      !url.startsWith('blob:') &&
      new URL(url).origin !== app.origin &&
      !BROWSER_OWN.some((own) => own.test(url)),
  );
  const lookups = traffic.lookups.filter((address) => {
    const host = hostOf(address).hostname;
    return host !== app.hostname && !BROWSER_OWN_HOSTS.includes(host);
  });
  return [...requests, ...lookups.map((host) => `lookup ${host}`)];
}

/**
 * The forms and form fields on the page that do not ask browsers to leave them alone (see
 * src/ui/components/no-autofill.ts), described; file pickers are never autofilled. Also how many
 * were checked, so a test can tell it looked at something.
 */
export function unmarkedFormFields(page: Page): Promise<{ checked: number; unmarked: string[] }> {
  return page.evaluate(() => {
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()} ${element.getAttribute('aria-label') ?? element.id}`;
    const fields = [...document.querySelectorAll('input, select, textarea')].filter(
      (field) => field.getAttribute('type') !== 'file',
    );
    const forms = [...document.querySelectorAll('form')];
    const unmarked = [
      ...fields.filter((field) => field.getAttribute('autocomplete') !== 'off'),
      ...forms.filter(
        (form) =>
          form.getAttribute('autocomplete') !== 'off' ||
          !(form.getAttribute('action') ?? '').startsWith('/search/'),
      ),
    ].map(describe);
    return { checked: fields.length + forms.length, unmarked };
  });
}
