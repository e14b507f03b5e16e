import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CancelledError } from '../../../errors/cancellation';
import { describeError } from '../../../errors/catalog';
import { TelegramError } from '../../../transport';
import { resultKey, type RunReport } from './runInvites';
import { byInputOrder, type ItemWithoutUsers, type PlannedUser, type UserResult } from './types';

export interface OutputInput {
	plannedUsers: readonly PlannedUser[];
	report: RunReport;
	itemsWithoutUsers?: readonly ItemWithoutUsers[];
	parameterErrors?: ReadonlyMap<number, Error>;
	/** The fields of an input item each of its results carries ("Include Input Fields"); none by default. */
	inputFields?: (itemIndex: number) => IDataObject;
}

/**
 * [Invited, Failed]: one item per decided user and one per input item without users, in input order, paired
 * to its input item. Input items that could not be handled (bad parameters, or users left undecided by an
 * account-level failure) become one error item each on Failed. Its json has only the keys `error` and
 * `details`: that is what makes n8n move it to the Error output under "continue (using error output)"
 * (where n8n adds the input item's fields itself); setting `item.error` instead would make n8n replace the
 * json with the bare message. So error items never carry input fields.
 */
export function buildOutputs(input: OutputInput): INodeExecutionData[][] {
	const { plannedUsers, report, itemsWithoutUsers = [], parameterErrors = new Map<number, Error>() } = input;
	const inputFields = input.inputFields ?? (() => ({}));
	const invited: INodeExecutionData[] = [];
	const failed: Array<{ order: [number, number]; item: INodeExecutionData }> = [];
	const undecided = new Map<number, string[]>();
	for (const planned of [...plannedUsers].sort(byInputOrder)) {
		const result = report.results.get(resultKey(planned.itemIndex, planned.tokenIndex));
		if (!result) {
			const users = undecided.get(planned.itemIndex);
			if (users) users.push(planned.token.input);
			else undecided.set(planned.itemIndex, [planned.token.input]);
			continue;
		}
		const item: INodeExecutionData = {
			json: { ...toJson(planned, result), ...inputFields(planned.itemIndex) },
			pairedItem: { item: planned.itemIndex },
		};
		if (result.output === 'invited') invited.push(item);
		else failed.push({ order: [planned.itemIndex, planned.tokenIndex], item });
	}
	for (const empty of itemsWithoutUsers) {
		const item: INodeExecutionData = { json: { ...noUsersJson(empty), ...inputFields(empty.itemIndex) }, pairedItem: { item: empty.itemIndex } };
		failed.push({ order: [empty.itemIndex, 0], item });
	}
	const errorItems: INodeExecutionData[] = [];
	for (const [itemIndex, error] of parameterErrors) {
		errorItems.push({
			json: { error: error.message, details: { code: 'INVALID_PARAMETER' } },
			pairedItem: { item: itemIndex },
		});
	}
	if (report.failure) {
		const description = describeError(report.failure.code, report.failure.httpCode);
		for (const [itemIndex, users] of undecided) {
			const details: IDataObject = {
				code: description.code,
				httpCode: description.httpCode,
				reason: technicalDetail(report.failure),
				users,
			};
			errorItems.push({ json: { error: description.message, details }, pairedItem: { item: itemIndex } });
		}
	}
	failed.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
	errorItems.sort((a, b) => pairedIndex(a) - pairedIndex(b));
	return [invited, [...failed.map((entry) => entry.item), ...errorItems]];
}

function noUsersJson(empty: ItemWithoutUsers): IDataObject {
	const description = describeError('NO_USERS');
	return {
		user: null,
		userId: null,
		callId: null,
		code: description.code,
		httpCode: description.httpCode,
		message: `${description.message} Here: ${empty.reason}.`,
	};
}

/** Account-level failure with "On Error" set to stop: say what happened, what to do, and what was done. */
export function accountFailure(
	node: INode,
	failure: TelegramError,
	plannedUsers: readonly PlannedUser[],
	report: RunReport,
): NodeOperationError {
	const description = describeError(failure.code, failure.httpCode);
	const firstUndecided = plannedUsers.find((planned) => !report.results.has(resultKey(planned.itemIndex, planned.tokenIndex)));
	const done = [...report.results.values()];
	const invitedCount = done.filter((result) => result.output === 'invited' && result.status === 'invited').length;
	const progress =
		done.length === 0
			? 'No user was handled before this failure.'
			: `Before this failure ${done.length} user(s) were handled, ${invitedCount} of them invited; running again is safe (they answer "already invited").`;
	return new NodeOperationError(node, description.message, {
		itemIndex: firstUndecided?.itemIndex ?? 0,
		description: `${technicalDetail(failure)} ${progress}`,
	});
}

export function parameterError(node: INode, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}

/** An error that is neither Telegram's nor a cancellation: keep n8n's own errors, wrap anything else. */
export function unexpectedError(node: INode, error: unknown): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error));
}

/** Any failure as a TelegramError, for the error items of a continue mode. */
export function asTelegramError(error: unknown): TelegramError {
	if (error instanceof TelegramError) return error;
	const detail = error instanceof Error ? error.message : String(error);
	return new TelegramError({ code: 'UNEXPECTED_ERROR', httpCode: null, method: 'execute', detail });
}

/** The execution was cancelled while the node waited: report it as such, not as a Telegram problem. */
export function cancelledError(node: INode, error: unknown): NodeOperationError | undefined {
	if (!(error instanceof CancelledError)) return undefined;
	return new NodeOperationError(node, 'The execution was canceled while inviting; some users may have been invited already.');
}

function toJson(planned: PlannedUser, result: UserResult): IDataObject {
	if (result.output === 'invited') {
		const json: IDataObject = {
			user: planned.token.input,
			userId: result.userId,
			username: result.username,
			callId: result.callId,
			status: result.status,
		};
		if (result.message) json.message = result.message;
		return json;
	}
	const json: IDataObject = {
		user: planned.token.input,
		userId: result.userId,
		callId: result.callId,
		code: result.code,
		httpCode: result.httpCode,
		message: result.message,
	};
	if (result.retryAfter !== undefined) json.retryAfter = result.retryAfter;
	if (result.maybeInvitedByThisRun) json.maybeInvitedByThisRun = true;
	if (result.callLink !== undefined) json.callLink = result.callLink;
	if (result.callLinkNote !== undefined) json.callLinkNote = result.callLinkNote;
	return json;
}

/** The code, the method and the transport's detail, for the error's details pane; never credential values. */
function technicalDetail(failure: TelegramError): string {
	const http = failure.httpCode === null ? '' : ` [${failure.httpCode}]`;
	return `${failure.message}${http}.`;
}

function pairedIndex(item: INodeExecutionData): number {
	const paired = item.pairedItem;
	return typeof paired === 'object' && paired !== null && !Array.isArray(paired) ? paired.item : 0;
}
