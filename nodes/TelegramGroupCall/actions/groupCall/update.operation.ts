import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { OptionValueError } from '../../input/optionValues';
import { settle } from '../../errors/settle';
import { readCollectionValue, type CollectionSpec } from '../../parameters/collectionValue';
import { TelegramError, type CallChange, type GroupCallHandle, type GroupCallInfo, type TelegramGateway } from '../../transport';
import { callLocator } from './common/callLocator';
import { callJson } from './common/callOutput';
import { executePerItem } from './common/executePerItem';
import { readCallParameter } from './common/readCallParameter';
import { sendOnce, sendWithRetries, type Send } from './common/withRetries';
import { FIELD_SPECS, MAX_TITLE_LENGTH, readUpdateFields, UPDATE_FIELDS, type UpdatePlan } from './update/readUpdateFields';

const UPDATE_FIELDS_COLLECTION: CollectionSpec = { displayName: UPDATE_FIELDS, name: 'updateFields', holds: 'fields' };

const properties: INodeProperties[] = [
	callLocator('The voice or video chat to change. A chat means its current call (running or scheduled); "By ID" pins one call.'),
	{
		displayName: UPDATE_FIELDS,
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		description: 'What to change; only the fields added here are sent. Needs the right to manage video chats in the chat.',
		options: [
			{
				displayName: FIELD_SPECS.joinMuted.displayName,
				name: 'joinMuted',
				type: 'boolean',
				default: false,
				description: 'Whether people who join from now on start muted (admins can still speak)',
			},
			{
				displayName: FIELD_SPECS.recording.displayName,
				name: 'recording',
				type: 'options',
				default: 'unchanged',
				description: 'Start or stop recording. The recording goes to the Saved Messages of this account; a scheduled call cannot be recorded.',
				options: [
					{ name: 'Leave As Is', value: 'unchanged' },
					{ name: 'Start', value: 'start' },
					{ name: 'Stop', value: 'stop' },
				],
			},
			{
				displayName: FIELD_SPECS.recordingTitle.displayName,
				name: 'recordingTitle',
				type: 'string',
				default: '',
				description: `Name of the recording file, up to ${MAX_TITLE_LENGTH} characters. Only with Recording "Start".`,
			},
			{
				displayName: FIELD_SPECS.recordVideo.displayName,
				name: 'recordVideo',
				type: 'boolean',
				default: false,
				description: 'Whether to record video too, not only sound. Only with Recording "Start".',
			},
			{
				displayName: FIELD_SPECS.resetInviteLink.displayName,
				name: 'resetInviteLink',
				type: 'boolean',
				default: false,
				description: 'Whether to make the speaker links shared so far stop working (listener links stay); get a new one with Get Invite Link',
			},
			{
				displayName: FIELD_SPECS.title.displayName,
				name: 'title',
				type: 'string',
				default: '',
				description: `The call's new title, 1 to ${MAX_TITLE_LENGTH} characters`,
			},
			{
				displayName: FIELD_SPECS.videoOrientation.displayName,
				name: 'videoOrientation',
				type: 'options',
				default: 'landscape',
				description: 'Orientation of a video recording. Only with Record Video.',
				options: [
					{ name: 'Landscape', value: 'landscape' },
					{ name: 'Portrait', value: 'portrait' },
				],
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['groupCall'], operation: ['update'] } }, properties);

/** The change names an output lists, in the order the requests are sent. */
type ChangeName = 'title' | 'joinMuted' | 'inviteLinkReset' | 'recording';

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const send = sendWithRetries(this, 'updating calls');
	return await executePerItem(this, {
		doing: 'updating calls',
		handle: async (itemIndex, telegram) => {
			const reference = readCallParameter(this, itemIndex);
			const plan = readPlan(this, itemIndex);
			const gateway = await telegram();
			const call = await send(async () => await gateway.resolveCall(reference));
			return await applyPlan(gateway, call, plan, send);
		},
	});
}

function readPlan(context: IExecuteFunctions, itemIndex: number): UpdatePlan {
	const fields = readCollectionValue(context.getNodeParameter('updateFields', itemIndex, {}), UPDATE_FIELDS_COLLECTION, { node: context.getNode(), itemIndex });
	try {
		return readUpdateFields(fields);
	} catch (error) {
		// OptionValueError names the field; anything else is reported as it is, for this item.
		const message = error instanceof OptionValueError || error instanceof Error ? error.message : String(error);
		throw new NodeOperationError(context.getNode(), message, { itemIndex });
	}
}

/**
 * Sends the plan's requests in order (title, join muted, invite link reset, recording), one per change, so that
 * "already that way" (GROUPCALL_NOT_MODIFIED, success: listed in notModifiedFields) is known per field. A
 * failure stops the item there; the changes before it stay (each is its own Telegram request), and the error's
 * details name them. Each request goes through `send`: a change resent after a FLOOD_WAIT (not applied) is
 * applied once.
 */
export async function applyPlan(gateway: TelegramGateway, call: GroupCallHandle, plan: UpdatePlan, send: Send = sendOnce): Promise<IDataObject> {
	const steps: Array<{ name: ChangeName; send: () => Promise<CallChange> }> = [];
	const { title, settings, recording } = plan;
	if (title !== undefined) steps.push({ name: 'title', send: async () => await gateway.editCallTitle(call, title) });
	const joinMuted = settings?.joinMuted;
	if (joinMuted !== undefined) steps.push({ name: 'joinMuted', send: async () => await gateway.toggleCallSettings(call, { joinMuted }) });
	if (settings?.resetInviteLink === true) {
		steps.push({ name: 'inviteLinkReset', send: async () => await gateway.toggleCallSettings(call, { resetInviteLink: true }) });
	}
	if (recording !== undefined) steps.push({ name: 'recording', send: async () => await gateway.toggleCallRecording(call, recording) });
	const changedFields: ChangeName[] = [];
	const notModifiedFields: ChangeName[] = [];
	let latest: GroupCallInfo | undefined;
	for (const step of steps) {
		const sent = await settle(async () => await send(step.send));
		if (!sent.ok) throw withChangesSoFar(sent.error, changedFields);
		if (sent.value.changed) {
			changedFields.push(step.name);
			latest = sent.value.call;
		} else notModifiedFields.push(step.name);
	}
	const info = latest ?? (await send(async () => await gateway.getCall(call)));
	return {
		...callJson(info, call.chat),
		changed: changedFields.length > 0,
		changedFields,
		notModifiedFields,
	};
}

/** A Telegram failure after some changes went through: its details say which, so nobody re-applies blindly. */
function withChangesSoFar(error: unknown, changedFields: readonly ChangeName[]): unknown {
	if (!(error instanceof TelegramError) || changedFields.length === 0) return error;
	const done = `already changed before this failed: ${changedFields.join(', ')}`;
	return new TelegramError({
		code: error.code,
		httpCode: error.httpCode,
		method: error.method,
		retryAfter: error.retryAfter,
		reconnected: error.reconnected,
		detail: error.detail === undefined ? done : `${error.detail}; ${done}`,
	});
}
