// Accessibility checks for the browser tests: axe-core on the page as it is, and the size of every
// touch target.
//
// axe-core is evaluated through the browser's debugging protocol (page.evaluate of its source),
// which the page's Content-Security-Policy does not govern: nothing about the policy is relaxed
// for it, and the policy still refuses the page's own inline scripts (see expectCspEnforced).
import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The two rules axe leaves for manual review ("incomplete") that the issue names: an aria-label
 * on an element whose role does not take one (e.g. a plain paragraph), and a control whose
 * accessible name does not contain the text it shows (e.g. a "?" badge missing from a face
 * tile's name). They count as failures here.
 */
const REVIEW_RULES_THAT_FAIL = ['aria-prohibited-attr', 'label-content-name-mismatch'];

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core with every rule (all WCAG levels, best practices and the experimental rules) on
 * the page, and returns its violations plus the failing manual-review rules above.
 */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (reviewRules) => {
    type AxeResult = {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: unknown[]; html: string }[];
    };
    /** The part of axe-core's API used here (its full types: axe-core/axe.d.ts). */
    interface Axe {
      getRules(tags: string[]): { ruleId: string }[];
      configure(spec: { rules: { id: string; enabled: boolean }[] }): void;
      run(
        context: Document,
        options: { resultTypes: string[] },
      ): Promise<{ violations: AxeResult[]; incomplete: AxeResult[] }>;
    }
    const axe = (window as unknown as { axe: Axe }).axe;
    const experimental = axe.getRules(['experimental']).map((r) => ({
      id: r.ruleId,
      enabled: true,
    }));
    axe.configure({ rules: experimental });
    const results = await axe.run(document, { resultTypes: ['violations', 'incomplete'] });
    const failing = [
      ...results.violations,
      ...results.incomplete.filter((r) => reviewRules.includes(r.id)),
    ];
    return failing.map((r) => ({
      id: r.id,
      impact: r.impact,
      help: r.help,
      nodes: r.nodes.map((n) => `${JSON.stringify(n.target)} ${n.html.slice(0, 160)}`),
    }));
  }, REVIEW_RULES_THAT_FAIL);
}

/** No axe finding at all on the page in its current state. */
export async function expectNoAxeFindings(page: Page, state: string): Promise<void> {
  const findings = await axeFindings(page);
  expect(findings, `axe on ${state}:\n${JSON.stringify(findings, null, 2)}`).toEqual([]);
}

export interface SmallTarget {
  what: string;
  width: number;
  height: number;
}

/**
 * Every visible control (links, buttons, fields, disclosures) smaller than 44 x 44 CSS pixels.
 * A control the page hides visually on purpose (a file input behind its button, 1 px) is not a
 * target and is left out; so are controls inside a closed disclosure. A radio button or checkbox
 * counts with its label, which is what a finger taps.
 */
export async function smallTouchTargets(page: Page, minimum = 44): Promise<SmallTarget[]> {
  return page.evaluate((min) => {
    const selector =
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="tab"], [tabindex]:not([tabindex="-1"])';
    const small: { what: string; width: number; height: number }[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      // A radio button or checkbox is tapped through its label: the label is the target.
      const label =
        el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')
          ? el.labels?.[0]
          : undefined;
      const box = (label ?? el).getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue; // hidden on purpose, or not rendered
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      if (box.width >= min && box.height >= min) continue;
      const text = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60);
      small.push({
        what: `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} "${text}"`,
        width: Math.round(box.width),
        height: Math.round(box.height),
      });
    }
    return small;
  }, minimum);
}

/** The page's Content-Security-Policy still refuses an inline script the page did not ship. */
export async function expectCspEnforced(page: Page): Promise<void> {
  const outcome = await page.evaluate(
    () =>
      new Promise<{ ran: boolean; violation: string | null }>((resolve) => {
        const w = window as unknown as { __inlineRan?: boolean };
        let violation: string | null = null;
        document.addEventListener(
          'securitypolicyviolation',
          (event) => {
            violation = event.violatedDirective;
          },
          { once: true },
        );
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true;';
        document.head.append(script);
        setTimeout(() => resolve({ ran: w.__inlineRan === true, violation }), 200);
      }),
  );
  expect(outcome.ran).toBe(false);
  expect(outcome.violation).toMatch(/^script-src/);
}
