/**
 * The import directions of docs/architecture.md, one rule per arrow. `npm run lint` checks them
 * (scripts/checkBoundaries.mjs). A rule's comment is what its violation message says: what to do instead.
 */

const NODE = '^nodes/[^/]+/';
const TRANSPORT_GRAMJS = '^nodes/[^/]+/transport/gramjs/';
const GRAMJS_PACKAGE = 'node_modules/telegram/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		// The package: credential and node
		{
			name: 'credential-stands-alone',
			comment:
				'n8n loads a credential type on its own: credentials/ may import only n8n-workflow. Put shared code in the node.',
			severity: 'error',
			from: { path: '^credentials/' },
			to: { path: '^(nodes|cli|sandbox|gramjs)/' },
		},
		{
			name: 'node-ships-without-tools',
			comment:
				'The node ships to n8n without the sandbox and the CLI: nodes/ must not import sandbox/ or cli/. Tests start the sandbox, not the node.',
			severity: 'error',
			from: { path: '^nodes/' },
			to: { path: '^(sandbox|cli)/' },
		},
		{
			name: 'transport-public-face',
			comment:
				"Outside the transport, import it only through transport/index.ts (it re-exports the types and TelegramError): the pool, the connection and GramJS stay swappable behind it.",
			severity: 'error',
			from: { path: NODE, pathNot: '^nodes/[^/]+/transport/' },
			to: { path: '^nodes/[^/]+/transport/', pathNot: '^nodes/[^/]+/transport/index\\.ts$' },
		},
		{
			name: 'gramjs-loaded-lazily',
			comment:
				'GramJS costs ~270 ms and ~37 MB to load and n8n loads every node at startup: in nodes/, only transport/gramjs/ may import GramJS (the telegram package or gramjs/); transport/index.ts loads it with import(). Type-only imports are fine.',
			severity: 'error',
			from: { path: '^nodes/', pathNot: TRANSPORT_GRAMJS },
			to: {
				path: [GRAMJS_PACKAGE, '^gramjs/', TRANSPORT_GRAMJS],
				dependencyTypesNot: ['type-only', 'type-import', 'dynamic-import'],
			},
		},
		{
			name: 'transport-below-actions',
			comment:
				'The transport only talks to Telegram: it must not import actions/, methods/ or the node class. Pass what it needs as arguments.',
			severity: 'error',
			from: { path: '^nodes/[^/]+/transport/' },
			to: { path: ['^nodes/[^/]+/actions/', '^nodes/[^/]+/methods/', '^nodes/[^/]+/[^/]+\\.node\\.ts$'] },
		},
		{
			name: 'input-is-a-leaf',
			comment:
				'input/ turns what a person typed (call references, user entries, phones, option values) into values: pure functions that import nothing else of the node, so they are tested without n8n or Telegram. Move code that needs the error catalog, the transport or n8n up to its caller in actions/.',
			severity: 'error',
			from: { path: '^nodes/[^/]+/input/' },
			to: { path: '^nodes/', pathNot: '^nodes/[^/]+/input/' },
		},
		{
			name: 'errors-are-leaves',
			comment:
				'errors/ (the error catalog, CancelledError, settle) is shared by actions/, methods/ and the transport: it must not import any of them or the node class. Move the code that needs them up to its caller.',
			severity: 'error',
			from: { path: '^nodes/[^/]+/errors/' },
			to: { path: '^nodes/', pathNot: '^nodes/[^/]+/errors/' },
		},
		{
			name: 'nodes-share-only-the-transport',
			comment:
				"A node may use another node's folder only through its transport/index.ts (the pooled connection) and the shared leaves input/, errors/, methods/ (list search, credential test) and parameters/ (parameter builders); never its actions/ or node class. Move anything else both need to one of those.",
			severity: 'error',
			from: { path: '^nodes/([^/]+)/' },
			to: {
				path: '^nodes/',
				pathNot: ['^nodes/$1/', '^nodes/[^/]+/transport/index\\.ts$', '^nodes/[^/]+/(input|errors|methods|parameters)/'],
			},
		},
		{
			name: 'parameters-are-descriptions',
			comment:
				'parameters/ builds parameter descriptions both nodes use (resourceLocator modes) and reads a collection parameter\'s shape (collectionValue.ts): it imports only n8n-workflow and itself. Reading the values a person typed belongs in input/.',
			severity: 'error',
			from: { path: '^nodes/[^/]+/parameters/' },
			to: { path: '^nodes/', pathNot: '^nodes/[^/]+/parameters/' },
		},

		// Shared GramJS plumbing
		{
			name: 'gramjs-home-stands-alone',
			comment:
				'gramjs/ is shared by the node, the CLI and the sandbox: it may import only GramJS and Node, never the parts that use it or n8n (the CLI runs without n8n).',
			severity: 'error',
			from: { path: '^gramjs/' },
			to: { path: ['^(nodes|cli|sandbox|credentials)/', 'node_modules/n8n-'] },
		},

		// The CLI
		{
			name: 'cli-not-node',
			comment:
				"The CLI must not import the node (its transport lives in n8n's lifecycle): put GramJS code both need in gramjs/.",
			severity: 'error',
			from: { path: '^cli/' },
			to: { path: '^(nodes|credentials)/' },
		},
		{
			name: 'cli-sandbox-through-facade',
			comment:
				'The CLI uses the sandbox only through its facade sandbox/index.ts; export what it needs from there.',
			severity: 'error',
			from: { path: '^cli/' },
			to: { path: '^sandbox/', pathNot: '^sandbox/index\\.ts$' },
		},

		// The sandbox and its layers
		{
			name: 'sandbox-shares-no-client-code',
			comment:
				'The sandbox stands in for Telegram: it must not share code with the clients it tests (nodes/, cli/), or a shared bug would hide. gramjs/ (session encoding) is allowed.',
			severity: 'error',
			from: { path: '^sandbox/' },
			to: { path: '^(nodes|cli|credentials)/' },
		},
		{
			name: 'sandbox-protocol-is-the-bottom',
			comment:
				'sandbox/protocol/ (wire format, crypto, key exchange) imports nothing else of the sandbox: move a shared type down into protocol/.',
			severity: 'error',
			from: { path: '^sandbox/protocol/' },
			to: { path: '^sandbox/', pathNot: '^sandbox/protocol/' },
		},
		{
			name: 'sandbox-world-knows-no-wire',
			comment:
				'sandbox/world/ is the scenario and its state, in plain data: it must not import protocol/, server/, methods/ or login/.',
			severity: 'error',
			from: { path: '^sandbox/world/' },
			to: { path: '^sandbox/', pathNot: '^sandbox/world/' },
		},
		{
			name: 'sandbox-login-below-methods',
			comment:
				'sandbox/login/ (signing in to an account) may use world/ and protocol/ only; the auth.* methods in methods/ call it, not the other way round.',
			severity: 'error',
			from: { path: '^sandbox/login/' },
			to: { path: '^sandbox/', pathNot: '^sandbox/(login|world|protocol)/' },
		},
		{
			name: 'sandbox-methods-not-server',
			comment:
				'sandbox/methods/ (Telegram semantics) must not import server/ or the facade; the server calls them through methods/types.ts. Move a shared value into methods/types.ts.',
			severity: 'error',
			from: { path: '^sandbox/methods/' },
			to: { path: ['^sandbox/server/', '^sandbox/index\\.ts$'] },
		},
		{
			name: 'sandbox-server-through-method-contract',
			comment:
				'sandbox/server/ knows methods only through the contract (methods/types.ts) and the error table (methods/errors.ts); sandbox/index.ts wires the method table in.',
			severity: 'error',
			from: { path: '^sandbox/server/' },
			to: { path: ['^sandbox/methods/', '^sandbox/index\\.ts$'], pathNot: '^sandbox/methods/(types|errors)\\.ts$' },
		},
		{
			name: 'sandbox-server-reads-only-the-world-file',
			comment:
				"sandbox/server/ may use the world file's types (faults, behaviour) but not the live world state: methods/ change the world, and sandbox/index.ts hands the server what it needs.",
			severity: 'error',
			from: { path: '^sandbox/server/' },
			to: { path: '^sandbox/world/', pathNot: '^sandbox/world/worldFile\\.ts$' },
		},
		{
			name: 'sandbox-server-knows-only-login-gate',
			comment:
				'sandbox/server/ needs of login/ only which methods a key may call before logging in (login/allowedBeforeLogin.ts); the login desk is reached through the auth.* methods.',
			severity: 'error',
			from: { path: '^sandbox/server/' },
			to: { path: '^sandbox/login/', pathNot: '^sandbox/login/allowedBeforeLogin\\.ts$' },
		},
		{
			name: 'no-cycles',
			comment: 'Import cycles blur which part is below which: break the cycle by moving the shared piece down.',
			severity: 'error',
			from: { path: '^(nodes|credentials|gramjs|cli|sandbox)/' },
			to: { circular: true },
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		// Type-only imports count: a type from across a boundary couples the two parts as much as a value does.
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
	},
};
