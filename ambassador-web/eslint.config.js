import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { noCrossFeatureImports } from './eslint/no-cross-feature-imports.js';

export default tseslint.config(
  { ignores: ['target/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: {
      'react-hooks': reactHooks,
      ambassador: { rules: { 'no-cross-feature-imports': noCrossFeatureImports } },
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'ambassador/no-cross-feature-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Render text as text: untrusted strings must never become HTML.',
        },
        {
          selector: "JSXAttribute[name.name='style']",
          message: 'No inline styles: the Content-Security-Policy (style-src self) refuses them. Use a class.',
        },
      ],
    },
  },
  {
    files: ['eslint/**/*.js', 'eslint.config.js', 'vite.config.ts'],
    languageOptions: { globals: globals.node },
  },
);
