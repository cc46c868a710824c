import { z } from 'zod';

/*
 * Response shapes from shared/runtype-api.md. `z.object` drops unknown fields, so additions on the
 * server side never break us; optional/nullable where the contract is [staging] and may drift.
 */

const nullableString = z.string().nullable().optional();

/** `GET /v1/auth/me` [doc]. */
export const authMeSchema = z.object({
  userId: z.string(),
  hasOrganization: z.boolean().optional(),
  orgId: nullableString,
  orgRole: nullableString,
  orgSlug: nullableString,
  sessionId: nullableString,
});
/** Who a token belongs to. */
export type AuthMe = z.infer<typeof authMeSchema>;

/** One key record [staging]. */
export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  keyPrefix: z.string().optional(),
  searchHint: nullableString,
  maskedKey: nullableString,
  permissions: z.array(z.string()).default([]),
  isActive: z.boolean(),
  isTestKey: z.boolean().optional(),
  canReveal: z.boolean().optional(),
  allowedIps: z.array(z.string()).nullable().default([]).transform((ips) => ips ?? []),
  expiresAt: nullableString,
  lastUsedAt: nullableString,
  createdAt: z.string(),
  updatedAt: z.string().optional(),
});
/** One key record, unknown fields dropped. */
export type ApiKey = z.infer<typeof apiKeySchema>;

/** `GET /v1/api-keys` [staging]: not paginated. */
export const listKeysSchema = z.object({
  apiKeys: z.array(apiKeySchema),
  total: z.number().optional(),
  timestamp: z.string().optional(),
});
/** The key list as returned by `listKeys`. */
export type KeyList = z.infer<typeof listKeysSchema>;

/** `GET`/`PUT /v1/api-keys/:id` [staging]. */
export const oneKeySchema = z.object({ apiKey: apiKeySchema, timestamp: z.string().optional() });

/** create and regenerate: the plain key is shown once. */
export const createdKeySchema = z.object({
  apiKey: apiKeySchema,
  plainKey: z.string().min(1),
  warning: z.string().optional(),
});

/** `GET /v1/api-keys/options` [staging]: permission groups and rate limits. */
export const keyOptionsSchema = z.object({
  permissionGroups: z
    .array(
      z.object({
        key: z.string(),
        label: z.string().optional(),
        description: z.string().optional(),
        permissions: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  permissionScopes: z.unknown().optional(),
  rateLimits: z
    .object({
      defaultPerHour: z.number().optional(),
      defaultPerDay: z.number().optional(),
      maxPerHour: z.number().optional(),
      maxPerDay: z.number().optional(),
    })
    .optional(),
});
/** What `keyOptions` returns. */
export type KeyOptions = z.infer<typeof keyOptionsSchema>;

/** `GET /v1/api-keys/analytics` [staging]. */
export const analyticsSchema = z.object({
  analytics: z.object({
    totalKeys: z.number(),
    activeKeys: z.number(),
    expiredKeys: z.number().optional(),
    keyBreakdown: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          keyPrefix: z.string().optional(),
          lastUsedAt: nullableString,
          isActive: z.boolean().optional(),
        }),
      )
      .default([]),
  }),
  timestamp: z.string().optional(),
});
/** What `analytics` returns. */
export type KeysAnalytics = z.infer<typeof analyticsSchema>['analytics'];

/** `GET /v1/api-keys/:id/analytics` [staging]. */
export const keyAnalyticsSchema = z.object({
  analytics: z.object({ lastUsedAt: nullableString }),
  timestamp: z.string().optional(),
});
/** What `keyAnalytics` returns. */
export type KeyAnalytics = z.infer<typeof keyAnalyticsSchema>['analytics'];

/** Error body [doc]; `error` may also be an object. Parsed leniently, only for code and message. */
export const errorBodySchema = z.object({
  error: z.union([z.string(), z.object({ code: z.string().optional(), message: z.string().optional() })]).optional(),
  code: z.string().optional(),
  hint: z.string().optional(),
  upgradeUrl: z.string().optional(),
  details: z.array(z.object({ code: z.string().optional(), message: z.string().optional() })).optional(),
});

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
