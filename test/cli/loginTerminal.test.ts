import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';

import { LoginCancelled } from '../../cli/login/failures';
import { Terminal } from '../../cli/login/terminal';

function pipedTerminal(): { input: PassThrough; shown: () => string; terminal: Terminal } {
	const input = new PassThrough();
	const output = new PassThrough();
	let text = '';
	output.on('data', (chunk: Buffer) => (text += chunk.toString()));
	const terminal = new Terminal(input, output);
	return { input, shown: () => text, terminal };
}

describe('the login prompts with piped input', () => {
	it('answers questions from lines typed ahead, with either line ending, and does not echo them', async () => {
		const { input, shown, terminal } = pipedTerminal();
		input.write('12345\r\nhunter2\nlast');
		try {
			assert.equal(await terminal.ask('Code: '), '12345');
			assert.equal(await terminal.ask('Password: ', { hidden: true }), 'hunter2');
			input.end('\n');
			assert.equal(await terminal.ask('Third: '), 'last');
			assert.equal(shown(), 'Code: \nPassword: \nThird: \n');
		} finally {
			terminal.close();
		}
	});

	it('cancels a question when the input ends without an answer', async () => {
		const { input, terminal } = pipedTerminal();
		try {
			const question = terminal.ask('Code: ');
			input.end();
			await assert.rejects(question, LoginCancelled);
		} finally {
			terminal.close();
		}
	});

	it('treats Ctrl-C as a cancel at any time, and backspace as an edit', async () => {
		const { input, terminal } = pipedTerminal();
		try {
			input.write('1235\u007f45\n');
			assert.equal(await terminal.ask('Code: '), '12345');
			input.write('\u0003');
			await new Promise((resolve) => setImmediate(resolve));
			assert.equal(terminal.cancelled.aborted, true);
			await assert.rejects(terminal.ask('Again: '), LoginCancelled);
		} finally {
			terminal.close();
		}
	});
});
