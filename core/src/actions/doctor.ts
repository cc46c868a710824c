import type { RuntypeClient } from '../api/client.ts';
import { probeStatusMeaning, visibleTailsOf } from '../api/contract.ts';
import { isApiHttpError } from '../api/errors.ts';
import type { ApiKey } from '../api/schemas.ts';
import { findKeyRecord } from '../verify/match-key-record.ts';
import { toActionError } from './types.ts';

/** One [proposal] assumption of contract.ts, checked against a live API. */
export type ContractCheckId =
  | 'runtype-401-challenge'
  | 'auth-me-accepts-api-key'
  | 'flows-probe-takes-api-key'
  | 'list-keys'
  | 'get-key'
  | 'key-options'
  | 'key-record-matchable'
  | 'masked-key-tail'
  | 'search-hint-tail';

export interface ContractCheck {
  id: ContractCheckId;
  /** The assumption, in one sentence. */
  assumption: string;
  /** `holds`, `fails` (the API answered and contradicts it), `unknown` (could not tell), `skipped` (a credential is missing). */
  status: 'holds' | 'fails' | 'unknown' | 'skipped';
  /** What was seen: statuses, field names, counts. Never a key, token, id or record name. */
  detail: string;
  /**
   * False for assumptions rt-guard does not depend on (it copes either way: a searchHint that is a
   * human hint, an auth/me that refuses API keys); their failing is information, not a problem.
   */
  isReliedOn: boolean;
}

/** What `checkContract` reports; safe to attach to a bug report (no secret, no record value). */
export interface ContractReport {
  version: 1;
  apiUrl: string;
  checks: ContractCheck[];
  /** Names of the record fields each answer carried (of those rt-guard reads). */
  fields: { list?: string[]; get?: string[] };
}

export interface ContractDoctorInput {
  client: RuntypeClient;
  /** An API key of the account (RUNTYPE_API_KEY): probes auth/me, /v1/flows and matching. */
  apiKey?: string | undefined;
  /** A management credential (RUNTYPE_ADMIN_TOKEN): list, get, options. */
  managementToken?: string | undefined;
  /** A well-formed key that does not exist, for the 401 probe (the caller generates it). */
  madeUpKey: string;
}

const ASSUMPTIONS: Record<ContractCheckId, string> = {
  'runtype-401-challenge': "Runtype's 401 carries WWW-Authenticate: Bearer resource_metadata=…/.well-known/oauth-protected-resource",
  'auth-me-accepts-api-key': 'GET /v1/auth/me accepts an API key (200 for a live key)',
  'flows-probe-takes-api-key': 'GET /v1/flows?limit=1 answers 200 or 403 for a live API key (the second probe before calling a key dead)',
  'list-keys': "GET /v1/api-keys lists the account's keys with this credential",
  'get-key': 'GET /v1/api-keys/:id returns one record',
  'key-options': 'GET /v1/api-keys/options answers',
  'key-record-matchable': "the API key's record can be found by keyPrefix + the visible tail of the key",
  'masked-key-tail': "a record's maskedKey ends with the key's last characters",
  'search-hint-tail': "a record's searchHint ends with the key's last characters (documented examples say it is a human hint)",
};

const NOT_RELIED_ON = new Set<ContractCheckId>(['auth-me-accepts-api-key', 'search-hint-tail']);

const RECORD_FIELDS = [
  'id',
  'name',
  'keyPrefix',
  'searchHint',
  'maskedKey',
  'permissions',
  'isActive',
  'isTestKey',
  'canReveal',
  'allowedIps',
  'expiresAt',
  'lastUsedAt',
  'createdAt',
  'updatedAt',
] as const;

/**
 * `rt-guard doctor`: checks the [proposal] assumptions of contract.ts against a live API with
 * read-only requests only (auth/me, /v1/flows, list, get, options; never create, update, delete
 * or regenerate). Each check says holds / fails / unknown / skipped and what was seen; the report
 * holds no key, token, id or record name. docs/api.md says what to change when a check fails.
 *
 * @example
 * const report = await checkContract({ client, apiKey, managementToken, madeUpKey: `rt_test_${random32()}` });
 */
export async function checkContract(input: ContractDoctorInput): Promise<ContractReport> {
  const { client } = input;
  const checks: ContractCheck[] = [];
  const add = (id: ContractCheckId, status: ContractCheck['status'], detail: string) =>
    checks.push({ id, assumption: ASSUMPTIONS[id], status, detail, isReliedOn: !NOT_RELIED_ON.has(id) });
  const fields: ContractReport['fields'] = {};

  try {
    await client.authMe(input.madeUpKey);
    add('runtype-401-challenge', 'unknown', 'A made-up key was accepted (200): this is not Runtype, or it accepts anything.');
  } catch (error) {
    if (isApiHttpError(error) && error.status === 401) {
      add(
        'runtype-401-challenge',
        error.isRuntypeChallenge ? 'holds' : 'fails',
        error.isRuntypeChallenge ? '401 with the challenge header.' : '401 without the challenge header: every 401 would be read as "unknown".',
      );
    } else add('runtype-401-challenge', 'unknown', `A made-up key got: ${describe(error)}`);
  }

  if (input.apiKey) {
    const key = input.apiKey;
    try {
      await client.authMe(key);
      add('auth-me-accepts-api-key', 'holds', '200 for the API key.');
    } catch (error) {
      add('auth-me-accepts-api-key', isApiHttpError(error) && error.status === 401 ? 'fails' : 'unknown', `The API key got: ${describe(error)}`);
    }
    try {
      const status = await client.probeKey(key);
      add('flows-probe-takes-api-key', probeStatusMeaning(status) === 'live' ? 'holds' : 'unknown', `${status} for the API key.`);
    } catch (error) {
      add('flows-probe-takes-api-key', isApiHttpError(error) && error.status === 401 ? 'fails' : 'unknown', `The API key got: ${describe(error)}`);
    }
  } else {
    for (const id of ['auth-me-accepts-api-key', 'flows-probe-takes-api-key'] as const) add(id, 'skipped', 'Set RUNTYPE_API_KEY to an API key of the account.');
  }

  let records: ApiKey[] | undefined;
  if (input.managementToken) {
    const token = input.managementToken;
    try {
      records = (await client.listKeys(token)).apiKeys;
      fields.list = presentFields(records);
      add('list-keys', 'holds', `${records.length} record(s); fields: ${fields.list.join(', ') || '(none)'}.`);
    } catch (error) {
      add('list-keys', isApiHttpError(error) && error.status < 500 ? 'fails' : 'unknown', describe(error));
    }
    const first = records?.[0];
    if (first) {
      try {
        const record = await client.getKey(token, first.id);
        fields.get = presentFields([record]);
        add('get-key', 'holds', `fields: ${fields.get.join(', ')}.`);
      } catch (error) {
        add('get-key', isApiHttpError(error) && error.status < 500 ? 'fails' : 'unknown', describe(error));
      }
    } else add('get-key', records ? 'skipped' : 'unknown', records ? 'The list is empty.' : 'The list failed.');
    try {
      const options = await client.keyOptions(token);
      add('key-options', 'holds', `${options.permissionGroups.length} permission group(s).`);
    } catch (error) {
      add('key-options', isApiHttpError(error) && error.status < 500 ? 'fails' : 'unknown', describe(error));
    }
  } else {
    for (const id of ['list-keys', 'get-key', 'key-options'] as const) add(id, 'skipped', 'Set RUNTYPE_ADMIN_TOKEN to a management credential.');
  }

  if (input.apiKey && records) {
    const key = input.apiKey;
    const found = findKeyRecord(key, records);
    add(
      'key-record-matchable',
      found.kind === 'match' || found.kind === 'inactive' ? 'holds' : 'fails',
      found.kind === 'match' ? 'Exactly one record matches.' : found.reason,
    );
    // Which fields show the tail, judged on every record with the key's prefix (no value is reported).
    const withPrefix = records.filter((r) => r.keyPrefix && key.startsWith(r.keyPrefix));
    const masked = withPrefix.filter((r) => r.maskedKey);
    const maskedMatches = masked.filter((r) => visibleTailsOf({ maskedKey: r.maskedKey }).some((t) => key.endsWith(t.tail)));
    add(
      'masked-key-tail',
      maskedMatches.length > 0 ? 'holds' : masked.length > 0 ? 'fails' : 'unknown',
      `${maskedMatches.length} of ${masked.length} record(s) with the key's prefix show its last characters in maskedKey.`,
    );
    const hinted = withPrefix.filter((r) => r.searchHint);
    const hintMatches = hinted.filter((r) => {
      const run = /[A-Za-z0-9]{4,}$/.exec(r.searchHint!)?.[0];
      return run !== undefined && key.endsWith(run);
    });
    add(
      'search-hint-tail',
      hintMatches.length > 0 ? 'holds' : hinted.length > 0 ? 'fails' : 'unknown',
      `${hintMatches.length} of ${hinted.length} record(s) with the key's prefix end their searchHint with the key's last characters.`,
    );
  } else {
    for (const id of ['key-record-matchable', 'masked-key-tail', 'search-hint-tail'] as const)
      add(id, 'skipped', 'Needs both RUNTYPE_API_KEY and RUNTYPE_ADMIN_TOKEN.');
  }
  return { version: 1, apiUrl: client.baseUrl, checks, fields };
}

function presentFields(records: readonly ApiKey[]): string[] {
  return RECORD_FIELDS.filter((field) => records.some((r) => r[field] !== undefined));
}

function describe(error: unknown): string {
  if (isApiHttpError(error))
    return `${error.status}${error.status === 401 ? (error.isRuntypeChallenge ? ' (Runtype challenge)' : ' (no Runtype challenge)') : ''}`;
  return toActionError(error).code;
}
