import type { Fault } from '../world/worldFile';

/** Counts calls per method (1-based, per sandbox run) and finds the fault planned for this call. */
export class FaultPlan {
	private readonly calls = new Map<string, number>();

	nextCallNumber(method: string): number {
		const next = (this.calls.get(method) ?? 0) + 1;
		this.calls.set(method, next);
		return next;
	}

	static find(faults: readonly Fault[], method: string, callNumber: number): Fault | undefined {
		// A loop, not faults.find(callback): this runs for every request, and most worlds plan no faults at all.
		for (const fault of faults) if (fault.call === callNumber && sameMethod(fault.method, method)) return fault;
		return undefined;
	}

	reset(): void {
		this.calls.clear();
	}
}

/** "phone.inviteToGroupCall" and "phone.InviteToGroupCall" name the same method. */
function sameMethod(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}

const methodNames = new Map<string, string>();

/** GramJS class name → Telegram method name: "phone.InviteToGroupCall" → "phone.inviteToGroupCall". */
export function tlMethodName(className: string): string {
	// Remembered per class: a client uses a handful of methods, and the same string keeps its hash for the Map
	// lookups that follow (call counts, the request log).
	let name = methodNames.get(className);
	if (name === undefined) {
		const dot = className.lastIndexOf('.');
		const last = className.slice(dot + 1);
		name = className.slice(0, dot + 1) + last.charAt(0).toLowerCase() + last.slice(1);
		methodNames.set(className, name);
	}
	return name;
}
