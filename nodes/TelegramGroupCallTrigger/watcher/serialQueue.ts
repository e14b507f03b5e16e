/**
 * Runs jobs one at a time, in the order they were added: updates, re-reads and polls all change the same
 * memory, and an update that arrives during a re-read must be judged against the re-read's result.
 */
export class SerialQueue {
	private tail: Promise<void> = Promise.resolve();
	private pending = 0;

	/** Adds a job; the promise settles with the job. */
	push<T>(job: () => Promise<T>): Promise<T> {
		this.pending++;
		const run = this.tail.then(job);
		this.tail = run.then(
			() => this.done(),
			() => this.done(),
		);
		return run;
	}

	/** Jobs added and not finished. */
	get size(): number {
		return this.pending;
	}

	/** Settles when every job added so far has finished. */
	async idle(): Promise<void> {
		await this.tail;
	}

	private done(): void {
		this.pending--;
	}
}
