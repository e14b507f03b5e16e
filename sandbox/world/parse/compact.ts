type Optional<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** Drops keys whose value is undefined, so parsed objects (and toJSON) carry only the fields that are set. */
export function compact<T extends object>(value: T): Optional<T> {
	const result: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value)) if (entry !== undefined) result[key] = entry;
	return result as Optional<T>;
}
