// ESLint flat config. `npx eslint .` is what CI runs.
import eslint from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Community-node rules belong to what n8n loads and what n8n's package scanner reads.
const PACKAGE_JSON = ['package.json'];
const CREDENTIALS = ['credentials/**/*.ts'];
const NODES = ['nodes/**/*.ts'];

// Node's globals for plain JavaScript files (TypeScript files get theirs checked by tsc instead).
const nodeGlobals = Object.fromEntries(
	[
		'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'AbortController', 'AbortSignal',
		'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate',
		'queueMicrotask', 'structuredClone', 'TextEncoder', 'TextDecoder', 'fetch', 'performance',
	].map((name) => [name, 'readonly']),
);

const communityNodes = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;

export default tseslint.config(
	globalIgnores([
		'**/dist/',
		'**/node_modules/',
		'.cache/',
		// Hand-written JavaScript that imitates built community packages for the harness tests.
		'test/harness/fixtures/**/dist/',
	]),

	{
		files: ['**/*.ts'],
		extends: [eslint.configs.recommended, tseslint.configs.recommended],
		rules: {
			// Unused parameters prefixed with "_" document an interface's shape.
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
		},
	},

	{
		files: ['**/*.{js,cjs}'],
		extends: [eslint.configs.recommended],
		languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
	},

	{
		files: ['**/*.mjs'],
		extends: [eslint.configs.recommended],
		languageOptions: { sourceType: 'module', globals: nodeGlobals },
	},

	// The package's n8n-facing parts. The "without n8n Cloud support" set is the right one: the
	// package depends on GramJS at runtime, so n8n can never verify it for Cloud, and the Cloud-only
	// rules (restricted globals and imports) would forbid exactly what a self-hosted MTProto client needs.
	{
		files: [...PACKAGE_JSON, ...CREDENTIALS, ...NODES],
		plugins: communityNodes.plugins,
		rules: {
			...communityNodes.rules,
			// GramJS (`telegram`) and `big-integer` must be runtime dependencies: a peer dependency would
			// leave them missing in n8n, and bundling GramJS is not practical. The cost, accepted on
			// purpose, is that the package installs on self-hosted n8n only.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},

	{
		files: PACKAGE_JSON,
		// The package.json rules read the file as a JavaScript object expression.
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules },
	},

	{
		files: CREDENTIALS,
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Meant for n8n's own repository (docs slugs); a community credential links a full URL, which
			// the community plugin's credential-documentation-url rule checks instead.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},

	{
		files: NODES,
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These count inputs/outputs by n8n's built-in nodes (one output, two for If, four for Switch);
			// the Telegram Group Call node has two outputs (Invited, Failed) on purpose.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// About the built-in Limit node only.
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
);
