import { Api } from 'telegram';

interface TlClass {
	readonly classType?: unknown;
	readonly className?: unknown;
}

let knownMethods: ReadonlySet<string> | undefined;

/**
 * True when `name` is a method of the TL layer GramJS speaks ("phone.inviteToGroupCall", "ping"), in any letter
 * case (the sandbox matches method names case-insensitively). Catches typos in fault plans, which would otherwise
 * never fire.
 */
export function isTelegramMethodName(name: string): boolean {
	knownMethods ??= collectMethodNames();
	return knownMethods.has(name.toLowerCase());
}

function collectMethodNames(): ReadonlySet<string> {
	const names = new Set<string>();
	const visit = (value: unknown): void => {
		const tlClass = value as TlClass;
		if (tlClass.classType === 'request' && typeof tlClass.className === 'string') names.add(tlClass.className.toLowerCase());
	};
	for (const value of Object.values(Api as unknown as Record<string, unknown>)) {
		if (typeof value === 'function') visit(value);
		else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
	}
	return names;
}
