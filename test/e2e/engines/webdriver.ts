// A small W3C WebDriver client over fetch, enough for the core workflow in WebKitGTK: its
// WebKitWebDriver drives MiniBrowser (with --automation) under a virtual display (xvfb-run).
// WebDriver sessions are ephemeral, like a private window.
import { spawn, type ChildProcess } from 'node:child_process';
import type { EngineDriver } from './core-workflow';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const WEBKIT_WEBDRIVER = '/usr/bin/WebKitWebDriver';

export interface WebDriverServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts WebKitWebDriver on `port` under xvfb-run, with `env` added to its environment. */
export async function startWebKitWebDriver(
  port: number,
  env: Record<string, string> = {},
): Promise<WebDriverServer> {
  const child: ChildProcess = spawn('xvfb-run', ['-a', WEBKIT_WEBDRIVER, `--port=${port}`], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode})`);
    try {
      const response = await fetch(`${url}/status`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('WebKitWebDriver did not start within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM'); // the group this test started: xvfb-run, Xvfb, driver
      await exited;
    },
  };
}

export class WebDriverSession implements EngineDriver {
  private constructor(
    private readonly base: string,
    readonly id: string,
  ) {}

  static async start(server: WebDriverServer): Promise<WebDriverSession> {
    const capabilities = {
      alwaysMatch: {
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        timeouts: { script: 120_000, pageLoad: 120_000 },
      },
    };
    const value = await call<{ sessionId: string }>(`${server.url}/session`, 'POST', {
      capabilities,
    });
    return new WebDriverSession(`${server.url}/session/${value.sessionId}`, value.sessionId);
  }

  private send<T>(path: string, method: 'GET' | 'POST' | 'DELETE' = 'POST', body: unknown = {}) {
    return call<T>(`${this.base}${path}`, method, method === 'GET' ? undefined : body);
  }

  private async find(xpath: string): Promise<string> {
    const element = await this.send<Record<string, string>>('/element', 'POST', {
      using: 'xpath',
      value: xpath,
    });
    const id = element[ELEMENT];
    if (!id) throw new Error(`no element for ${xpath}`);
    return id;
  }

  async goto(url: string): Promise<void> {
    await this.send('/url', 'POST', { url });
  }

  async reload(): Promise<void> {
    await this.send('/refresh');
  }

  async click(xpath: string): Promise<void> {
    await this.send(`/element/${await this.find(xpath)}/click`);
  }

  async type(xpath: string, text: string): Promise<void> {
    await this.send(`/element/${await this.find(xpath)}/value`, 'POST', { text });
  }

  /** Sending a path to an `<input type=file>` chooses that file (WebDriver's file upload). */
  async upload(xpath: string, filePath: string): Promise<void> {
    await this.type(xpath, filePath);
  }

  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    return this.send<R>('/execute/sync', 'POST', {
      script: `return (${fn.toString()}).apply(null, arguments);`,
      args: [arg ?? null],
    });
  }

  async close(): Promise<void> {
    await this.send('', 'DELETE').catch(() => undefined);
  }
}

async function call<T>(url: string, method: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const json = (await response.json()) as { value: T & { error?: string; message?: string } };
  if (!response.ok) {
    throw new Error(`WebDriver ${method} ${url}: ${json.value.error}: ${json.value.message}`);
  }
  return json.value;
}
