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
export type ApiKey = z.infer<typeof apiKeySchema>;

export const listKeysSchema = z.object({
  apiKeys: z.array(apiKeySchema),
  total: z.number().optional(),
  timestamp: z.string().optional(),
});
export type KeyList = z.infer<typeof listKeysSchema>;

export const oneKeySchema = z.object({ apiKey: apiKeySchema, timestamp: z.string().optional() });

/** create and regenerate: the plain key is shown once. */
export const createdKeySchema = z.object({
  apiKey: apiKeySchema,
  plainKey: z.string().min(1),
  warning: z.string().optional(),
});

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
export type KeyOptions = z.infer<typeof keyOptionsSchema>;

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
export type KeysAnalytics = z.infer<typeof analyticsSchema>['analytics'];

export const keyAnalyticsSchema = z.object({
  analytics: z.object({ lastUsedAt: nullableString }),
  timestamp: z.string().optional(),
});
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
