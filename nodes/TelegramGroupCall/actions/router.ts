import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as groupCall from './groupCall/GroupCall.resource';
import type { TelegramGroupCallType } from './node.type';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0);
	const operation = this.getNodeParameter('operation', 0);
	const selected = { resource, operation } as TelegramGroupCallType;
	switch (selected.resource) {
		case 'groupCall':
			switch (selected.operation) {
				case 'create':
					return await groupCall.create.execute.call(this);
				case 'end':
					return await groupCall.end.execute.call(this);
				case 'get':
					return await groupCall.get.execute.call(this);
				case 'getParticipants':
					return await groupCall.getParticipants.execute.call(this);
				case 'inviteUsers':
					return await groupCall.inviteUsers.execute.call(this);
				case 'startScheduled':
					return await groupCall.startScheduled.execute.call(this);
				case 'update':
					return await groupCall.update.execute.call(this);
				case 'getInviteLink':
					return await groupCall.getInviteLink.execute.call(this);
			}
	}
	throw new NodeOperationError(this.getNode(), `The operation "${String(operation)}" of "${String(resource)}" is not supported`);
}
