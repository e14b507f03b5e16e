/** One invite the sandbox applied: the ground truth tests assert on. */
export interface InviteRecord {
	readonly callId: string;
	readonly userId: string;
	/** The account whose request applied the invite. */
	readonly byAccountId: string;
	/** Unix seconds. */
	readonly date: number;
}

/** Every invite applied during this run, with counts per (call, user) and per inviting account. */
export class InviteLedger {
	private readonly records: InviteRecord[] = [];
	private readonly perCallUser = new Map<string, number>();
	private readonly perAccount = new Map<string, number>();
	private readonly usersPerCall = new Map<string, string[]>();

	record(invite: InviteRecord): void {
		this.records.push(invite);
		const key = `${invite.callId}:${invite.userId}`;
		const earlier = this.perCallUser.get(key) ?? 0;
		this.perCallUser.set(key, earlier + 1);
		this.perAccount.set(invite.byAccountId, (this.perAccount.get(invite.byAccountId) ?? 0) + 1);
		if (earlier === 0) {
			const users = this.usersPerCall.get(invite.callId) ?? [];
			users.push(invite.userId);
			this.usersPerCall.set(invite.callId, users);
		}
	}

	count(callId: string, userId: string): number {
		return this.perCallUser.get(`${callId}:${userId}`) ?? 0;
	}

	usersInvitedTo(callId: string): string[] {
		return [...(this.usersPerCall.get(callId) ?? [])];
	}

	invitesBy(accountId: string): number {
		return this.perAccount.get(accountId) ?? 0;
	}

	all(): readonly InviteRecord[] {
		return [...this.records];
	}
}
