import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { PtyProgram } from './ptyTerminal';

// The bytes of "█" (U+2588, the QR drawing's block) written in two parts with a pause between them, so the
// pseudo-terminal hands them to the test in two chunks, as a busy machine does at random.
const SPLIT_BLOCK = ["import os, time", "os.write(1, b'QR \\xe2')", 'time.sleep(0.3)', "os.write(1, b'\\x96\\x88 done\\n')"].join('\n');

describe('the pseudo-terminal transcript', () => {
	it('joins a character whose bytes arrive in two chunks', async (t) => {
		const program = new PtyProgram(['python3', '-c', SPLIT_BLOCK]);
		t.after(() => program.kill());
		await program.waitFor('done');
		assert.equal(program.screen.trim(), 'QR \u2588 done');
		assert.equal(await program.exitCode(), 0);
	});
});
