// docs/node.md is the node's reference: every error code the catalog can put in an item, every operation and
// every field a person can set must be explained there, and the README's operations table must name every
// operation. Read from the node's own description and catalog, so a new code, operation or field that is not
// documented fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';
import { describeError, knownErrorCodes } from '../../nodes/TelegramGroupCall/errors/catalog';
import { description as groupCallProperties } from '../../nodes/TelegramGroupCall/actions/groupCall/GroupCall.resource';

const root = join(__dirname, '..', '..');
const nodeReference = readFileSync(join(root, 'docs', 'node.md'), 'utf8');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The part of a Markdown text under a heading (`## title`, `### title`), up to the next heading of that level or above. */
function section(markdown: string, title: string, level = 2): string {
	const hashes = '#'.repeat(level);
	const start = markdown.indexOf(`\n${hashes} ${title}\n`);
	assert.ok(start >= 0, `no "${hashes} ${title}" section`);
	const next = new RegExp(`\n#{1,${level}} `, 'g');
	next.lastIndex = start + 1;
	const end = next.exec(markdown)?.index;
	return markdown.slice(start, end);
}

const mentions = (text: string, word: string): boolean => new RegExp(`(^|[^A-Za-z0-9_])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_])`).test(text);

/** The node's parameters below Resource (the node file adds only Resource, with its one value). */
const properties: readonly INodeProperties[] = groupCallProperties;

function operations(): INodePropertyOptions[] {
	const operation = properties.find((property) => property.name === 'operation');
	assert.ok(operation?.options, 'the node has an Operation parameter');
	return operation.options as INodePropertyOptions[];
}

/** Every field a person fills in: parameters, and the entries of collections and fixed collections. */
function fieldNames(properties: readonly INodeProperties[]): string[] {
	const names: string[] = [];
	for (const property of properties) {
		if (property.type === 'notice' || property.type === 'hidden' || property.name === 'resource' || property.name === 'operation') continue;
		names.push(property.displayName);
		for (const option of property.options ?? []) {
			if ('values' in option) names.push(...fieldNames((option as INodePropertyCollection).values));
			else if ('type' in option) names.push(...fieldNames([option as INodeProperties]));
		}
	}
	return [...new Set(names)];
}

describe('docs/node.md, the node reference', () => {
	it('lists every error code of the catalog in its "Error codes" table', () => {
		const table = section(nodeReference, 'Error codes');
		const missing = knownErrorCodes().filter((code) => !mentions(table, code));
		assert.deepEqual(missing, [], `codes the catalog knows but docs/node.md's "Error codes" table does not name`);
	});

	it('names no code in that table that the catalog does not know, except INVALID_PARAMETER (the node\'s own, for unreadable input)', () => {
		const known = new Set([...knownErrorCodes(), 'INVALID_PARAMETER']);
		const named = [...section(nodeReference, 'Error codes').matchAll(/^\|\s*([^|]+?)\s*\|/gm)].flatMap(([, cell]) => cell.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? []);
		assert.ok(named.length > 20, 'the table was read');
		assert.deepEqual(named.filter((code) => !known.has(code)), []);
	});

	it('has a section for every operation, naming its value', () => {
		const hasSection = (operation: INodePropertyOptions) => new RegExp(`^#+ .*\\b${operation.name}\\b.*\\(\`${String(operation.value)}\`\\)`, 'm').test(nodeReference);
		const missing = operations().filter((operation) => !hasSection(operation));
		assert.deepEqual(missing.map((operation) => operation.name), []);
	});

	it('explains every field a person can fill in', () => {
		const missing = fieldNames(properties).filter((name) => !nodeReference.includes(name));
		assert.deepEqual(missing, [], 'fields of the node that docs/node.md does not name');
	});
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const anchorOf = (heading: string): string => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');

function anchors(markdown: string): Set<string> {
	return new Set([...markdown.matchAll(/^#+ (.+)$/gm)].map(([, heading]) => anchorOf(heading)));
}

describe('links between README.md and docs/node.md', () => {
	it('lead to headings that exist', () => {
		const targets = { 'README.md': anchors(readme), 'docs/node.md': anchors(nodeReference) };
		const broken: string[] = [];
		let checked = 0;
		const check = (from: string, text: string, links: RegExp, target: keyof typeof targets) => {
			for (const [, anchor] of text.matchAll(links)) {
				checked++;
				if (!targets[target].has(anchor)) broken.push(`${from} → ${target}#${anchor}`);
			}
		};
		check('README.md', readme, /\]\(docs\/node\.md#([^)]+)\)/g, 'docs/node.md');
		check('README.md', readme, /\]\(#([^)]+)\)/g, 'README.md');
		check('docs/node.md', nodeReference, /\]\(#([^)]+)\)/g, 'docs/node.md');
		assert.deepEqual(broken, []);
		assert.ok(checked >= 16, `only ${checked} links were found: the patterns no longer match the documents`);
	});
});

describe('README.md', () => {
	it('names every operation in its operations table, with a link to docs/node.md', () => {
		const rows = readme.split('\n').filter((line) => line.startsWith('| **'));
		const missing = operations().filter((operation) => !rows.some((row) => row.startsWith(`| **${operation.name}**`)));
		assert.deepEqual(missing.map((operation) => operation.name), []);
		assert.ok(rows.every((row) => row.includes('docs/node.md')), 'every operation row links to its reference');
	});

	it('gives every catalog code in its error tables, with the catalog\'s HTTP status', () => {
		const errors = section(readme, 'Errors', 3);
		const rows = [...errors.matchAll(/^\| ([A-Z][A-Z0-9_, ]+) \| (\d{3}|—) \|/gm)];
		const documented = new Map(rows.flatMap(([, codes, http]) => codes.split(', ').map((code) => [code, http === '—' ? null : Number(http)] as const)));
		assert.deepEqual(knownErrorCodes().filter((code) => !documented.has(code)), [], 'catalog codes the README does not list');
		const wrong = [...documented].filter(([code, http]) => describeError(code).httpCode !== http).map(([code, http]) => `${code}: README ${http}, catalog ${describeError(code).httpCode}`);
		assert.deepEqual(wrong, []);
	});

	it('shows the operation list and the demo workflow', () => {
		assert.match(readme, /!\[[^\]]+\]\(docs\/images\/operations\.png\)/);
		assert.match(readme, /!\[[^\]]+\]\(docs\/images\/demo-workflow\.png\)/);
	});
});
