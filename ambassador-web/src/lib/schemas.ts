import { z } from 'zod';

/** Schemas of API entities that more than one feature shows. Feature-only shapes live in the feature. */
export const roleSchema = z.enum(['ADMIN', 'AUDITOR', 'USER']);
export type Role = z.infer<typeof roleSchema>;

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  display_name: z.string().nullish(),
  roles: z.array(roleSchema),
  status: z.enum(['active', 'suspended']),
  created_at: z.string(),
});
export type User = z.infer<typeof userSchema>;
