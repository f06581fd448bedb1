/**
 * A tiny step runner for UI tests. A spec is a named async function that calls `step(name, fn)` for
 * each thing a person would do. Every step leaves a screenshot; a failing step prints its name and
 * its screenshot is kept as `NN-step-name-FAILED.png`, and the spec's remaining steps are skipped.
 */
import type { Page } from 'playwright-core';
import type { Workbench } from './workbench';

export interface E2eEnv {
  /** http://127.0.0.1:PORT of code-server. */
  serverUrl: string;
  /** Local Lambda API server, or undefined when it could not start. */
  endpoint: string | undefined;
  /** The temp copy of the example workspace the window has open. */
  workspaceDir: string;
  /** Functions the harness put into the server (two regions). */
  seeded: { Region: string; FunctionName: string; FunctionArn?: string }[];
  regions: string[];
}

export interface StepOptions {
  /** Default 60 s. Steps wait for the UI, never sleep. */
  timeoutMs?: number;
}

export interface SpecContext {
  page: Page;
  wb: Workbench;
  env: E2eEnv;
  step(name: string, fn: () => Promise<void>, options?: StepOptions): Promise<void>;
  /** Extra screenshot inside a step. */
  screenshot(label: string): Promise<string>;
  log(message: string): void;
}

export interface Spec {
  readonly kind: 'lw-e2e-spec';
  name: string;
  fn: (ctx: SpecContext) => Promise<void>;
  /** Whole-spec limit, default 5 min. */
  timeoutMs?: number;
}

/** Declares a spec: `export default spec('tree shows functions', async ({ step, wb }) => { ... })`. */
export function spec(name: string, fn: Spec['fn'], options: { timeoutMs?: number } = {}): Spec {
  return { kind: 'lw-e2e-spec', name, fn, timeoutMs: options.timeoutMs };
}

export function isSpec(value: unknown): value is Spec {
  return typeof value === 'object' && value !== null && (value as Spec).kind === 'lw-e2e-spec';
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'step';
}

/** Rejects after `ms` with a message naming what timed out. */
export function withTimeout<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
