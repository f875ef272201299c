import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function lint(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId);
}

// Loading the TypeScript-aware configuration takes seconds on a busy machine.
describe('lint rules', { timeout: 60_000 }, () => {
  it('refuses an import from another feature', async () => {
    expect(await lint('src/features/users/api/x.ts', "import { a } from '../../grants/api/y';\nexport const b = a;\n")).toContain(
      'ambassador/no-cross-feature-imports',
    );
  });

  it('allows imports within a feature and from shared code', async () => {
    const code = "import { a } from './y';\nimport { request } from '../../../lib/http';\nexport const b = [a, request];\n";
    expect(await lint('src/features/users/api/x.ts', code)).not.toContain('ambassador/no-cross-feature-imports');
  });

  it('lets the app layer compose features', async () => {
    const code = "import { UsersPage } from '../features/users/components/UsersPage';\nexport const p = UsersPage;\n";
    expect(await lint('src/app/x.ts', code)).not.toContain('ambassador/no-cross-feature-imports');
  });

  it('refuses HTML injection and inline styles', async () => {
    const code = 'export const A = () => <div dangerouslySetInnerHTML={{ __html: "x" }} style={{ color: "red" }} />;\n';
    expect(await lint('src/features/users/components/A.tsx', code)).toEqual(['no-restricted-syntax', 'no-restricted-syntax']);
  });
});
