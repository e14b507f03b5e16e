/**
 * `npm run lint`'s boundary check: dependency-cruiser with .dependency-cruiser.cjs on the package's source
 * (docs/architecture.md). Through the API rather than the `depcruise` command because that command refuses
 * Node 20, which this package supports and CI runs; the API itself works there.
 * Run from the repository root (or a copy of it); exit code 1 when a rule is broken.
 */
import { existsSync } from 'node:fs';

import { cruise, format } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const SOURCE_FOLDERS = ['credentials', 'nodes', 'gramjs', 'cli', 'sandbox'];

const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
options.validate = true;

const cruised = await cruise(
	SOURCE_FOLDERS.filter((folder) => existsSync(folder)),
	options,
	undefined,
	{ tsConfig: extractTSConfig('tsconfig.json') },
);
const report = await format(cruised.output, { outputType: 'err-long' });
process.stdout.write(report.output);
process.exitCode = report.exitCode > 0 ? 1 : 0;
