// The lint gate (`npm run lint`, part of `npm test`): typescript-eslint's type-aware
// recommended rules over every TypeScript file, React's hook rules over the page, and
// Prettier's formatting checked separately (`prettier --check`), so the two never fight.
import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
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
  // No bare user-facing text in components: JSX text and the attributes a reader sees come from the
  // catalogs (src/ui/i18n). Symbols, numbers and upper-case names (SGD, SWA, CIFAR-10) are not words.
  {
    files: ['src/ui/**/*.tsx'],
    ...i18next.configs['flat/recommended'],
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          words: {
            // Not words: numbers, punctuation and symbols (' · ', '×', '±'), upper-case names ("CIFAR-10 SAM"),
            // and the lecture's notation (c, η, α₁, λ_max/λ_k).
            exclude: [
              /^[\d\p{P}\p{S}\s]+$/u,
              /^[A-Z0-9 _.+-]+$/,
              /^[\p{Script=Greek}a-z][₀-₉0-9]?$/u,
              /^(?=.*\p{Script=Greek})[\p{Script=Greek}_a-z/₀-₉]+$/u,
            ],
          },
          'jsx-attributes': {
            exclude: [
              'className',
              'style',
              'type',
              'key',
              'id',
              'width',
              'height',
              'href',
              'name',
              'value',
              'data-.*',
              'testId',
              'view',
              'tex',
            ],
          },
        },
      ],
    },
  },
);
