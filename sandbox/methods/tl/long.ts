import bigInt, { type BigInteger } from 'big-integer';

/** World ids are decimal strings; TL `long` fields take big-integer values (never JS numbers). */
export function long(decimal: string): BigInteger {
	return bigInt(decimal);
}

/** A TL `long` read from a request, as the world's decimal string (signed, as GramJS reads it). */
export function decimalOf(value: BigInteger | bigint | number | string): string {
	return value.toString();
}
