import * as z from 'zod/mini';
import '../zod-locale.ts';

/*
 * Response shapes from shared/runtype-api.md. `z.object` drops unknown fields, so additions on the
 * server side never break us; optional/nullable where the contract is [staging] and may drift.
 */

type Schemas = ReturnType<typeof buildSchemas>;
let built: Schemas | undefined;

/**
 * The response schemas, built on the first request: building zod schemas costs ~10 ms, which every
 * rt-guard command paid at start-up, API or not.
 */
export function apiSchemas(): Schemas {
  return (built ??= buildSchemas());
}

function buildSchemas() {
  const nullableString = z.optional(z.nullable(z.string()));
  const optionalString = z.optional(z.string());
  const optionalNumber = z.optional(z.number());
  const stringList = z._default(z.array(z.string()), []);

  /** `GET /v1/auth/me` [doc]. */
  const authMeSchema = z.object({
    userId: z.string(),
    hasOrganization: z.optional(z.boolean()),
    orgId: nullableString,
    orgRole: nullableString,
    orgSlug: nullableString,
    sessionId: nullableString,
  });

  // Tolerant per field: a field the answer lacks, or sends with another type, is absent (undefined),
  // never a failed request. Only what a step acts on is required (shared/runtype-api.md, "Shapes to survive").
  const lenient = <T extends z.ZodMiniType>(schema: T) => z.catch(z.optional(schema), undefined);
  const lenientString = lenient(z.string());
  const lenientNullableString = lenient(z.nullable(z.string()));
  const lenientBoolean = lenient(z.boolean());

  /**
   * The fields of a key record [staging]. Documented answers carry different subsets per endpoint
   * (get/list: no isTestKey, canReveal, allowedIps; create: no maskedKey, updatedAt; update: no
   * createdAt; regenerate: no createdAt, expiresAt). `allowedIps`/`expiresAt` undefined means "not
   * shown", which is not the same as "none" (null / []).
   */
  const recordFields = {
    name: z.catch(z._default(z.string(), ''), ''),
    keyPrefix: lenientString,
    searchHint: lenientNullableString,
    maskedKey: lenientNullableString,
    permissions: z.catch(z._default(z.array(z.string()), []), []),
    isActive: lenientBoolean,
    isTestKey: lenientBoolean,
    canReveal: lenientBoolean,
    allowedIps: lenient(z.nullable(z.array(z.string()))),
    expiresAt: lenientNullableString,
    lastUsedAt: lenientNullableString,
    createdAt: lenientString,
    updatedAt: lenientString,
  };

  /** One key record (list, get, update): the `id` is what every action needs. */
  const apiKeySchema = z.object({ id: z.string().check(z.minLength(1)), ...recordFields });

  /** `GET /v1/api-keys` [staging]: not paginated. */
  const listKeysSchema = z.object({
    apiKeys: z.array(apiKeySchema),
    total: lenient(z.number()),
    timestamp: lenientString,
  });

  /** `GET`/`PUT /v1/api-keys/:id` [staging]. */
  const oneKeySchema = z.object({ apiKey: apiKeySchema, timestamp: lenientString });

  /**
   * create and regenerate: the plain key is shown once. Only `plainKey` is required (checked
   * before this schema runs, see client.ts); the record is whatever came along.
   */
  const createdKeySchema = z.object({
    apiKey: lenient(z.object({ id: lenientString, ...recordFields })),
    plainKey: z.string(),
    warning: lenientString,
  });

  /** `GET /v1/api-keys/options` [staging]: permission groups and rate limits. */
  const keyOptionsSchema = z.object({
    permissionGroups: z._default(
      z.array(
        z.object({
          key: z.string(),
          label: optionalString,
          description: optionalString,
          permissions: stringList,
        }),
      ),
      [],
    ),
    permissionScopes: z.optional(z.unknown()),
    rateLimits: z.optional(
      z.object({
        defaultPerHour: optionalNumber,
        defaultPerDay: optionalNumber,
        maxPerHour: optionalNumber,
        maxPerDay: optionalNumber,
      }),
    ),
  });

  /** `GET /v1/api-keys/analytics` [staging]. */
  const analyticsSchema = z.object({
    analytics: z.object({
      totalKeys: z.number(),
      activeKeys: z.number(),
      expiredKeys: optionalNumber,
      keyBreakdown: z._default(
        z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            keyPrefix: optionalString,
            lastUsedAt: nullableString,
            isActive: z.optional(z.boolean()),
          }),
        ),
        [],
      ),
    }),
    timestamp: optionalString,
  });

  /** `GET /v1/api-keys/:id/analytics` [staging]. */
  const keyAnalyticsSchema = z.object({
    analytics: z.object({ lastUsedAt: nullableString }),
    timestamp: optionalString,
  });

  const codeAndMessage = z.object({ code: optionalString, message: optionalString });

  /** Error body [doc]; `error` may also be an object. Parsed leniently, only for code and message. */
  const errorBodySchema = z.object({
    error: z.optional(z.union([z.string(), codeAndMessage])),
    code: optionalString,
    hint: optionalString,
    upgradeUrl: optionalString,
    details: z.optional(z.array(codeAndMessage)),
  });
  return { authMeSchema, apiKeySchema, listKeysSchema, oneKeySchema, createdKeySchema, keyOptionsSchema, analyticsSchema, keyAnalyticsSchema, errorBodySchema };
}

/** Who a token belongs to. */
export type AuthMe = z.infer<Schemas['authMeSchema']>;
/** One key record, unknown fields dropped; every field but `id`, `name` and `permissions` may be absent. */
export type ApiKey = z.infer<Schemas['apiKeySchema']>;
/** The record part of a create/regenerate answer: all fields optional, `id` included. */
export type CreatedKeyRecord = { [K in keyof ApiKey]?: ApiKey[K] | undefined };
/** The key list as returned by `listKeys`. */
export type KeyList = z.infer<Schemas['listKeysSchema']>;
/** What `keyOptions` returns. */
export type KeyOptions = z.infer<Schemas['keyOptionsSchema']>;
/** What `analytics` returns. */
export type KeysAnalytics = z.infer<Schemas['analyticsSchema']>['analytics'];
/** What `keyAnalytics` returns. */
export type KeyAnalytics = z.infer<Schemas['keyAnalyticsSchema']>['analytics'];

/** Input of `POST /v1/api-keys` [staging]. */
export interface CreateKeyInput {
  name: string;
  permissions?: string[];
  /** ISO date. */
  expiresAt?: string;
  allowedIps?: string[];
  environment?: 'live' | 'test';
}

/** Input of `PUT /v1/api-keys/:id` [staging]. */
export interface UpdateKeyInput {
  name?: string;
  permissions?: string[];
  isActive?: boolean;
  expiresAt?: string | null;
  allowedIps?: string[];
}
