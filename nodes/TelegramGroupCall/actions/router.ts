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
				case 'get':
					return await groupCall.get.execute.call(this);
				case 'getParticipants':
					return await groupCall.getParticipants.execute.call(this);
				case 'inviteUsers':
					return await groupCall.inviteUsers.execute.call(this);
			}
	}
	throw new NodeOperationError(this.getNode(), `The operation "${String(operation)}" of "${String(resource)}" is not supported`);
}
