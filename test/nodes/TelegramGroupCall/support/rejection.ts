import assert from 'node:assert/strict';

/** The error a promise rejects with, for tests that inspect it (assert.rejects only matches it). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	assert.fail('expected a rejection');
}
