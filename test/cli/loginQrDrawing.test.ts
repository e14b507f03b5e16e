import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { renderQr } from '../../cli/login/qrDrawing';

const COLOUR_CODE = new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g');
const plain = (text: string): string => text.replace(COLOUR_CODE, '');

describe('drawing a QR code in the terminal', () => {
	it('draws two module rows per line with half blocks, light modules as blocks, inside a light quiet zone', () => {
		// 2 × 2 modules: dark light / light dark.
		const pattern = [
			[true, false],
			[false, true],
		];
		const lines = renderQr({ size: 2, isDark: (row, column) => pattern[row][column] }).split('\n');
		// 2 modules + a quiet zone of 2 on each side = 6 columns and 6 module rows = 3 text rows; the middle row
		// pairs module rows 0 (top) and 1 (bottom): dark over light is ▄, light over dark is ▀.
		assert.deepEqual(lines.map(plain), ['██████', '██▄▀██', '██████']);
	});

	it('forces white on black, so a dark terminal theme does not invert the code', () => {
		const drawn = renderQr({ size: 1, isDark: () => true });
		for (const line of drawn.split('\n')) {
			assert.ok(line.startsWith('\u001b[97;40m') && line.endsWith('\u001b[0m'));
		}
	});

	it('keeps an odd module count whole: the last line shows its top half only', () => {
		const lines = renderQr({ size: 1, isDark: () => false }).split('\n').map(plain);
		// 1 + 4 = 5 module rows: 3 text rows, the last with the bottom half blank.
		assert.deepEqual(lines, ['█████', '█████', '▀▀▀▀▀']);
	});
});
