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
		return faults.find((fault) => fault.call === callNumber && sameMethod(fault.method, method));
	}

	reset(): void {
		this.calls.clear();
	}
}

/** "phone.inviteToGroupCall" and "phone.InviteToGroupCall" name the same method. */
function sameMethod(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}

/** GramJS class name → Telegram method name: "phone.InviteToGroupCall" → "phone.inviteToGroupCall". */
export function tlMethodName(className: string): string {
	const dot = className.lastIndexOf('.');
	const head = className.slice(0, dot + 1);
	const name = className.slice(dot + 1);
	return head + name.charAt(0).toLowerCase() + name.slice(1);
}
