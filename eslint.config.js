// The lint gate (`npm run lint`, part of `npm test`): typescript-eslint's type-aware
// recommended rules over every TypeScript file, React's hook rules over the page, and
// Prettier's formatting checked separately (`prettier --check`), so the two never fight.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-test/', 'node_modules/', 'public/', 'test-results/', '.scratch/', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `_`-prefixed bindings are deliberate (a destructured field left out of a copy).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts'], ...reactHooks.configs.flat.recommended },
);
