import { useState, type FormEvent } from 'react';
import { ErrorAlert, Field, Loading, PageHeader, Select } from '../../../components/ui';
import { validate, type FieldErrors } from '../../../lib/forms';
import { ApiError } from '../../../lib/http';
import {
  createGroupSchema,
  useCreateGroup,
  useDeleteGroup,
  useGroups,
  useMemberCandidates,
  useMembers,
  useMembership,
  type Group,
  type MemberCandidate,
} from '../api/groups';

export function GroupsPage() {
  const groups = useGroups();
  const candidates = useMemberCandidates();
  const remove = useDeleteGroup();
  return (
    <>
      <PageHeader title="Groups" />
      <p className="muted">Grants given to a group apply to each of its members.</p>
      {groups.isPending && <Loading what="groups" />}
      <ErrorAlert error={groups.error ?? remove.error} />
      {groups.data && groups.data.length === 0 && <p className="muted">No groups yet.</p>}
      {groups.data?.map((group) => (
        <GroupCard key={group.id} group={group} candidates={candidates.data ?? []} onDelete={() => remove.mutate(group.id)} />
      ))}
      <CreateGroupForm />
    </>
  );
}

function GroupCard({ group, candidates, onDelete }: { group: Group; candidates: MemberCandidate[]; onDelete: () => void }) {
  const members = useMembers(group.id);
  const { add, remove } = useMembership(group.id);
  const [choice, setChoice] = useState('');
  const nameOf = (id: string) => candidates.find((c) => c.id === id)?.username ?? id;
  const outside = candidates.filter((c) => !(members.data ?? []).includes(c.id));
  const headingId = `group-${group.id}`;
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{group.name}</h2>
      {group.description && <p>{group.description}</p>}
      <ErrorAlert error={members.error ?? add.error ?? remove.error} />
      {members.data && members.data.length === 0 && <p className="muted">No members.</p>}
      <ul className="members" aria-label={`Members of ${group.name}`}>
        {members.data?.map((id) => (
          <li key={id}>
            {nameOf(id)}{' '}
            <button type="button" onClick={() => remove.mutate({ groupId: group.id, userId: id })}>
              Remove {nameOf(id)} from {group.name}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        aria-label={`Add a member to ${group.name}`}
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          if (choice) add.mutate({ groupId: group.id, userId: choice }, { onSuccess: () => setChoice('') });
        }}
      >
        <Select
          label={`New member of ${group.name}`}
          name="user_id"
          value={choice}
          onChange={setChoice}
          options={[{ value: '', label: 'Choose a user…' }, ...outside.map((c) => ({ value: c.id, label: c.username }))]}
        />
        <button type="submit" disabled={!choice || add.isPending}>
          Add member
        </button>
      </form>
      <button type="button" className="danger" onClick={onDelete}>
        Delete group {group.name}
      </button>
    </section>
  );
}

function CreateGroupForm() {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateGroup();

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(createGroupSchema, { name, description });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    create.mutate(checked.value, {
      onSuccess: () => {
        setName('');
        setDescription('');
      },
      onError: (error) => {
        if (error instanceof ApiError) setErrors({ ...error.fieldErrors });
      },
    });
  }

  return (
    <section aria-labelledby="create-group">
      <h2 id="create-group">Create a group</h2>
      <form onSubmit={submit} noValidate aria-label="Create a group" className="narrow">
        <Field label="Group name" name="name" value={name} onChange={setName} error={errors.name} required />
        <Field label="Description" name="description" value={description} onChange={setDescription} error={errors.description} />
        <ErrorAlert error={create.error instanceof ApiError && Object.keys(create.error.fieldErrors).length ? null : create.error} />
        <button type="submit" className="primary" disabled={create.isPending}>
          Create group
        </button>
      </form>
    </section>
  );
}
