/**
 * The connection the UI talks through: resolved from settings and the environment on demand, with
 * one LambdaService (and one ClientFactory, so credentials resolve once) per connection. The engine
 * is loaded on first use, never at activation.
 */
import type * as vscode from 'vscode';
import type { LambdaService } from '../core/aws/types';
import { findEndpoint, normalizeEndpoint } from '../core/aws/endpoint';
import type { LogsService } from '../core/logs/types';
import type { ExecutionRole } from '../core/aws/executionRoles';
import { connectionKey, effectiveRegions, resolveConnection, type ResolvedConnection } from './connectionInfo';
import { loadEngine, type EngineModule } from './engine';
import { settings } from './settings';
import type { CredentialStatus } from './tree/functionsModel';

type Factory = InstanceType<EngineModule['ClientFactory']>;

export class ConnectionManager implements vscode.Disposable {
  private engine: EngineModule | undefined;
  private factory: Factory | undefined;
  private readonly cached = new Map<string, LambdaService>();

  /** The connection as the settings and environment say now. */
  current(): ResolvedConnection {
    const resolved = resolveConnection({ profile: settings.profile(), endpoint: settings.endpoint() }, process.env);
    if (resolved.endpoint) {
      try {
        resolved.endpoint = normalizeEndpoint(resolved.endpoint);
      } catch {
        // Keep it as typed: requests then fail with a message naming the endpoint.
      }
    }
    return resolved;
  }

  async loadEngine(): Promise<EngineModule> {
    this.engine ??= await loadEngine();
    return this.engine;
  }

  /** The service for the current connection, or for another profile (a binding's `Profile`). */
  async service(profile?: string): Promise<LambdaService> {
    const connection = this.current();
    if (profile) connection.profile = profile;
    const key = connectionKey(connection);
    const hit = this.cached.get(key);
    if (hit) return hit;
    const engine = await this.loadEngine();
    this.factory ??= new engine.ClientFactory();
    const service = engine.createLambdaService({ profile: connection.profile, endpoint: connection.endpoint }, this.factory);
    this.cached.set(key, service);
    return service;
  }

  /**
   * CloudWatch Logs for the current connection: the endpoint setting serves Logs too; otherwise
   * core's Logs precedence (LAMBDA_WORKBENCH_ENDPOINT, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, AWS_ENDPOINT_URL).
   */
  async logsService(): Promise<LogsService> {
    const profile = this.current().profile;
    const found = findEndpoint({ explicit: settings.endpoint(), env: process.env, service: 'logs' });
    let endpoint = found?.endpoint;
    if (endpoint) {
      try {
        endpoint = normalizeEndpoint(endpoint);
      } catch {
        // Kept as typed: requests then fail with a message naming it.
      }
    }
    const engine = await this.loadEngine();
    this.factory ??= new engine.ClientFactory();
    return engine.createLogsService({ profile, endpoint }, this.factory);
  }

  /** Listing and creating execution roles (IAM) as the current connection; the IAM SDK loads on first use. */
  async executionRoles(): Promise<{ list(signal?: AbortSignal): Promise<ExecutionRole[]>; create(name: string): Promise<ExecutionRole> }> {
    const engine = await this.loadEngine();
    this.factory ??= new engine.ClientFactory();
    const factory = this.factory;
    const c = this.current();
    const connection = { profile: c.profile, endpoint: c.endpoint };
    return {
      list: (signal) => engine.listLambdaRoles(factory, connection, { signal }),
      create: (name) => engine.createBasicExecutionRole(factory, connection, name),
    };
  }

  async checkCredentials(): Promise<CredentialStatus> {
    const engine = await this.loadEngine();
    this.factory ??= new engine.ClientFactory();
    const connection = this.current();
    const check = await engine.checkCredentials({ profile: connection.profile, endpoint: connection.endpoint }, this.factory);
    switch (check.status) {
      case 'found':
        return { status: 'found' };
      case 'missing':
        return { status: 'none' };
      case 'expired':
        return { status: 'ssoExpired', profile: connection.profile };
      default:
        return { status: 'unknown', error: new Error(check.message) };
    }
  }

  /** Where local invoke reads a function's layers: the current connection (or a binding's profile) and the shared client factory. */
  async layerConnection(profile?: string): Promise<{ connection: { profile?: string; endpoint?: string }; factory: Factory }> {
    const engine = await this.loadEngine();
    this.factory ??= new engine.ClientFactory();
    const c = this.current();
    return { connection: { profile: profile ?? c.profile, endpoint: c.endpoint }, factory: this.factory };
  }

  /** The current connection's credentials (for a local invoke the user opted into). Never logged. */
  async credentials(): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> {
    const engine = await this.loadEngine();
    this.factory ??= new engine.ClientFactory();
    const c = this.current();
    const identity = await this.factory.credentials({ profile: c.profile, endpoint: c.endpoint })();
    return { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey, sessionToken: identity.sessionToken };
  }

  /** The chosen regions, else the profile's region (resolved by the SDK), else us-east-1. */
  async regions(): Promise<string[]> {
    // The engine first, also for chosen regions: their rows show its region names at first render.
    const engine = await this.loadEngine();
    const chosen = settings.regions();
    if (chosen.length > 0) return effectiveRegions(chosen, undefined);
    const connection = this.current();
    const profileRegion = await engine.resolveDefaultRegion({ profile: connection.profile, endpoint: connection.endpoint }).catch(() => undefined);
    return effectiveRegions([], profileRegion);
  }

  /** Display name of a region once the engine is loaded (it always is by the time regions show). */
  regionName(region: string): string | undefined {
    return this.engine?.regionName(region);
  }

  /** Drops clients and cached credentials (profile or endpoint changed, or the user refreshed). */
  reset(): void {
    this.factory?.dispose();
    this.factory = undefined;
    this.cached.clear();
  }

  dispose(): void {
    this.reset();
  }
}
