import { roleSchema, type Role } from '../../../lib/schemas';

const DESCRIPTIONS: Record<Role, string> = {
  ADMIN: 'manages users, keys, the catalog and grants',
  AUDITOR: 'reads the audit trail',
  USER: 'uses tools through MCP clients',
};

export function RolePicker({ value, onChange, error }: { value: Role[]; onChange: (roles: Role[]) => void; error?: string }) {
  return (
    <fieldset className="field" aria-describedby={error ? 'roles-error' : undefined}>
      <legend>Roles</legend>
      {roleSchema.options.map((role) => (
        <label key={role} className="check">
          <input
            type="checkbox"
            name="roles"
            value={role}
            checked={value.includes(role)}
            onChange={(e) => onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))}
          />
          {role} <span className="muted">— {DESCRIPTIONS[role]}</span>
        </label>
      ))}
      {error && (
        <p id="roles-error" className="error-text">
          {error}
        </p>
      )}
    </fieldset>
  );
}
