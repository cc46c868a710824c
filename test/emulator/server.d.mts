// Types of the emulator for TypeScript tests (the emulator itself is plain ESM JavaScript).

export interface EmulatorFaultEntry {
  kind: 'error' | 'rate-limit' | 'drop' | 'drop-after' | 'delay-after' | 'malformed' | 'wrong-shape' | 'proxy401' | 'only-plain-key' | 'wrong-environment';
  /** delay-after: how long the answer is held, ms. */
  ms?: number;
  method?: string;
  /** Path prefix, e.g. `/v1/api-keys`. */
  path?: string;
  status?: number;
  retryAfterSeconds?: number;
  times?: number;
}

export interface EmulatorFaults {
  latencyMs?: number;
  errorRate?: number;
  errorStatus?: number;
  rateLimitRate?: number;
  retryAfterSeconds?: number;
  dropRate?: number;
  malformedRate?: number;
  /** Every /v1 request answers 401 without WWW-Authenticate (a proxy, not Runtype). */
  proxy401?: boolean;
  queue?: EmulatorFaultEntry[];
}

export interface EmulatorKeyRecord {
  id: string;
  name: string;
  keyPrefix: string;
  searchHint: string;
  maskedKey: string;
  permissions: string[];
  isActive: boolean;
  /** Absent in the documented shapes. */
  isTestKey?: boolean;
  canReveal?: boolean;
  allowedIps?: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MintKeyOptions {
  name?: string;
  permissions?: string[];
  environment?: 'live' | 'test';
  expiresAt?: string | null;
  allowedIps?: string[];
}

export type EmulatorShapes = 'full' | 'documented';
export const SHAPES: EmulatorShapes[];

export interface RunningEmulator {
  url: string;
  shapes: EmulatorShapes;
  port: number;
  sessionToken: string;
  setFaults(faults: EmulatorFaults): void;
  mintKey(options?: MintKeyOptions): { record: EmulatorKeyRecord; plainKey: string };
  keys(): EmulatorKeyRecord[];
  isLive(plainKey: string): boolean;
  readonly requestCount: number;
  readonly stats: { requests: number; byRoute: Record<string, number>; inFlight: number; maxInFlight: number };
  resetStats(): void;
  close(): Promise<void>;
}

export function startEmulator(options?: {
  port?: number;
  host?: string;
  statePath?: string;
  faults?: EmulatorFaults;
  now?: () => Date;
  sessionToken?: string;
  /** Default: RT_GUARD_EMULATOR_SHAPES, else 'full'. */
  shapes?: EmulatorShapes;
  /** false: `/v1/auth/me` answers 401 to API keys (sessions only). Default true. */
  authMeAcceptsKeys?: boolean;
}): Promise<RunningEmulator>;
