import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { noContent, request } from '../../../lib/http';

export const groupSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  created_at: z.string().nullish(),
});
export type Group = z.infer<typeof groupSchema>;

/** Users by id and name only: what the member picker needs. */
const memberCandidateSchema = z.object({ id: z.string(), username: z.string() });
export type MemberCandidate = z.infer<typeof memberCandidateSchema>;

export const groupsKey = ['groups'] as const;
export const membersKey = (groupId: string) => ['groups', groupId, 'members'] as const;

export function listGroups(signal?: AbortSignal) {
  return request('/v1/admin/groups', z.array(groupSchema), { signal });
}

export const groupsQueryOptions = queryOptions({ queryKey: groupsKey, queryFn: ({ signal }) => listGroups(signal) });

export function useGroups() {
  return useQuery(groupsQueryOptions);
}

export function listMemberCandidates(signal?: AbortSignal) {
  return request('/v1/admin/users', z.array(memberCandidateSchema), { signal });
}

export const memberCandidatesQueryOptions = queryOptions({
  queryKey: ['groups', 'candidates'] as const,
  queryFn: ({ signal }) => listMemberCandidates(signal),
});

export function useMemberCandidates() {
  return useQuery(memberCandidatesQueryOptions);
}

export function listMembers(groupId: string, signal?: AbortSignal) {
  return request(`/v1/admin/groups/${encodeURIComponent(groupId)}/members`, z.array(z.string()), { signal });
}

export const membersQueryOptions = (groupId: string) =>
  queryOptions({ queryKey: membersKey(groupId), queryFn: ({ signal }) => listMembers(groupId, signal) });

export function useMembers(groupId: string) {
  return useQuery(membersQueryOptions(groupId));
}

export const createGroupSchema = z.object({
  name: z.string().trim().min(1, 'Name the group.').max(128, 'At most 128 characters.'),
  description: z.string().trim().max(1000, 'At most 1000 characters.'),
});
export type CreateGroupInput = z.infer<typeof createGroupSchema>;

export function createGroup(input: CreateGroupInput) {
  return request('/v1/admin/groups', groupSchema, {
    method: 'POST',
    body: { name: input.name, description: input.description || undefined },
  });
}

export function useCreateGroup() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createGroup, onSuccess: () => queryClient.invalidateQueries({ queryKey: groupsKey }) });
}

export function deleteGroup(id: string) {
  return request(`/v1/admin/groups/${encodeURIComponent(id)}`, noContent, { method: 'DELETE' });
}

export function useDeleteGroup() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteGroup, onSuccess: () => queryClient.invalidateQueries({ queryKey: groupsKey }) });
}

export function addMember(input: { groupId: string; userId: string }) {
  return request(`/v1/admin/groups/${encodeURIComponent(input.groupId)}/members`, noContent, {
    method: 'POST',
    body: { user_id: input.userId },
  });
}

export function removeMember(input: { groupId: string; userId: string }) {
  return request(
    `/v1/admin/groups/${encodeURIComponent(input.groupId)}/members/${encodeURIComponent(input.userId)}`,
    noContent,
    { method: 'DELETE' },
  );
}

export function useMembership(groupId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: membersKey(groupId) });
  return {
    add: useMutation({ mutationFn: addMember, onSuccess: refresh }),
    remove: useMutation({ mutationFn: removeMember, onSuccess: refresh }),
  };
}
