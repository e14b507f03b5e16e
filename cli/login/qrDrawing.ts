/** A QR code's modules: `size` × `size`, dark or light. */
export interface QrMatrix {
	size: number;
	isDark(row: number, column: number): boolean;
}

/** The part of the `qrcode-generator` package this command uses. */
interface QrCodeGenerator {
	(typeNumber: number, errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H'): {
		addData(data: string): void;
		make(): void;
		getModuleCount(): number;
		isDark(row: number, column: number): boolean;
	};
}

/** A dependency of the package; should an installation lack it, the command still shows the link to open. */
export const QR_PACKAGE = 'qrcode-generator';

const QUIET_ZONE = 2;
// White on black whatever the terminal's colours, so a dark theme does not invert the code.
const COLOURS_ON = '\u001b[97;40m';
const COLOURS_OFF = '\u001b[0m';

/**
 * Draws a matrix with half-block characters (two module rows per text row): light modules as blocks, dark ones
 * as blanks on a forced black background, with a light quiet zone around the code.
 */
export function renderQr(matrix: QrMatrix): string {
	const total = matrix.size + 2 * QUIET_ZONE;
	const light = (row: number, column: number): boolean => {
		const r = row - QUIET_ZONE;
		const c = column - QUIET_ZONE;
		return r < 0 || c < 0 || r >= matrix.size || c >= matrix.size || !matrix.isDark(r, c);
	};
	const lines: string[] = [];
	for (let row = 0; row < total; row += 2) {
		let line = '';
		for (let column = 0; column < total; column++) {
			const top = light(row, column);
			const bottom = row + 1 < total ? light(row + 1, column) : false;
			line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
		}
		lines.push(COLOURS_ON + line + COLOURS_OFF);
	}
	return lines.join('\n');
}

/** The QR code of `text` for the terminal, or undefined when the optional package is not installed. */
export async function drawQr(text: string): Promise<string | undefined> {
	let generator: QrCodeGenerator;
	try {
		// A name in a variable: TypeScript must not require the optional package at build time.
		const moduleName: string = QR_PACKAGE;
		const loaded = (await import(moduleName)) as unknown;
		const candidate = typeof loaded === 'function' ? loaded : (loaded as { default?: unknown } | null)?.default;
		if (typeof candidate !== 'function') return undefined;
		generator = candidate as QrCodeGenerator;
	} catch {
		return undefined;
	}
	const qr = generator(0, 'L');
	qr.addData(text);
	qr.make();
	return renderQr({ size: qr.getModuleCount(), isDark: (row, column) => qr.isDark(row, column) });
}
